//! `#[cors(form = actix)]` on actix-web handlers: the quickstart's API with actix-web's
//! extractors, responders and routes. Needs the `actix` feature of `cors-runtime`.
//!
//! ```text
//! cargo run -p cors-examples --example actix_server            # listens on 127.0.0.1:3003
//! cargo run -p cors-examples --example actix_server -- 8083    # or PORT=8083
//! ```

use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::http::{Method, StatusCode};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer, Responder};
use cors_runtime::{cors, cors_policy};
use serde::{Deserialize, Serialize};

#[derive(Default)]
struct Db {
    next_id: AtomicU64,
}

#[derive(Serialize)]
struct User {
    id: u64,
    name: String,
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
}

/// Public, read-only: any page may read it, without cookies.
#[cors(origins = ["*"], methods = [GET], form = actix)]
async fn status() -> &'static str {
    "ok"
}

// `GET /users` and `POST /users` share one path, so one preflight answers for both: the
// policy lists the methods and headers of the whole path.
cors_policy!(USERS:
    origins = ["https://app.example.com", "http://localhost:5173"],
    methods = [GET, POST],
    headers = ["content-type", "x-api-key"],
    credentials = true,
    max_age = 600,
);

/// The app may list users with its session cookie, and read the `x-request-id` header.
#[cors(policy = USERS, expose_headers = ["x-request-id"], form = actix)]
async fn list_users(db: web::Data<Db>) -> impl Responder {
    let count = db.next_id.load(Ordering::Relaxed);
    let users: Vec<User> = (1..=count)
        .map(|id| User {
            id,
            name: format!("user {id}"),
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("x-request-id", "list-1"))
        .json(users)
}

/// A body that is not JSON is actix-web's 400, and a missing key an `Err`: the page reads both.
#[cors(policy = USERS, form = actix)]
async fn create_user(
    db: web::Data<Db>,
    request: HttpRequest,
    body: web::Json<NewUser>,
) -> Result<(web::Json<User>, StatusCode), actix_web::Error> {
    if !request.headers().contains_key("x-api-key") {
        return Err(actix_web::error::ErrorUnauthorized("missing x-api-key"));
    }
    let id = db.next_id.fetch_add(1, Ordering::Relaxed) + 1;
    let name = body.into_inner().name;
    Ok((web::Json(User { id, name }), StatusCode::CREATED))
}

/// One user; a non-numeric id is actix-web's 404, which the page can still read.
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"],
    methods = [GET, DELETE],
    credentials = true,
    form = actix,
)]
async fn user(id: web::Path<u64>) -> web::Json<User> {
    let id = id.into_inner();
    web::Json(User {
        id,
        name: format!("user {id}"),
    })
}

fn options() -> actix_web::Route {
    web::route().method(Method::OPTIONS)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .unwrap_or_else(|| "3003".to_string());
    let address = format!("127.0.0.1:{port}");
    let db = web::Data::new(Db::default());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(db.clone())
            .route("/status", web::get().to(status))
            .route("/status", options().to(status::preflight))
            .service(
                web::resource("/users")
                    .route(web::get().to(list_users))
                    .route(web::post().to(create_user))
                    .route(options().to(list_users::preflight)),
            )
            .service(
                web::resource("/users/{id}")
                    .route(web::get().to(user))
                    .route(web::delete().to(user))
                    .route(options().to(user::preflight)),
            )
    })
    .workers(1)
    .bind(&address)?;
    let base = format!("http://{address}");
    println!("listening on {base}; try:");
    println!("  curl -i {base}/status -H 'Origin: https://anywhere.example'");
    println!("  curl -i {base}/users -H 'Origin: https://app.example.com'");
    println!("  curl -i {base}/users -H 'Origin: https://evil.example'");
    println!(
        "  curl -i -X OPTIONS {base}/users -H 'Origin: https://app.example.com' \\\n    -H 'Access-Control-Request-Method: POST' -H 'Access-Control-Request-Headers: content-type,x-api-key'"
    );
    println!(
        "  curl -i -X POST {base}/users -H 'Origin: https://app.example.com' \\\n    -H 'content-type: application/json' -H 'x-api-key: k' -d '{{\"name\":\"ada\"}}'"
    );
    println!(
        "  curl -i -X POST {base}/users -H 'Origin: https://app.example.com' \\\n    -H 'content-type: application/json' -H 'x-api-key: k' -d 'not json'"
    );
    println!("  curl -i {base}/users/abc -H 'Origin: https://admin.example.com'");
    println!(
        "  curl -i -X OPTIONS {base}/users/1 -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: patch'"
    );
    server.run().await
}
