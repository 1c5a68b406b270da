//! A small API with three CORS policies, checked at compile time.
//!
//! ```text
//! cargo run -p cors-examples --example quickstart            # listens on 127.0.0.1:3000
//! cargo run -p cors-examples --example quickstart -- 8080    # or PORT=8080
//! ```

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::{Json, Router};
use cors_runtime::{cors, cors_route};
use serde::{Deserialize, Serialize};

#[derive(Clone, Default)]
struct Db {
    next_id: Arc<AtomicU64>,
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
#[cors(origins = ["*"], methods = [GET])]
async fn status() -> &'static str {
    "ok"
}

/// Two front ends may list users, and read the `x-request-id` header.
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"],
    methods = [GET],
    expose_headers = ["x-request-id"],
)]
async fn list_users(State(db): State<Db>) -> impl IntoResponse {
    let count = db.next_id.load(Ordering::Relaxed);
    let users: Vec<User> = (1..=count)
        .map(|id| User {
            id,
            name: format!("user {id}"),
        })
        .collect();
    ([("x-request-id", "list-1")], Json(users))
}

/// A refused request: its status and a message for the page.
type Refusal = (StatusCode, &'static str);

/// Only the app may create users, with its session cookie and an API key header.
#[cors(
    origins = ["https://app.example.com", "http://localhost:5173"],
    methods = [POST],
    headers = ["content-type", "x-api-key"],
    credentials = true,
    max_age = 600,
)]
async fn create_user(
    State(db): State<Db>,
    headers: HeaderMap,
    Json(body): Json<NewUser>,
) -> Result<(StatusCode, Json<User>), Refusal> {
    if headers.get("x-api-key").is_none() {
        return Err((StatusCode::UNAUTHORIZED, "missing x-api-key"));
    }
    let id = db.next_id.fetch_add(1, Ordering::Relaxed) + 1;
    Ok((
        StatusCode::CREATED,
        Json(User {
            id,
            name: body.name,
        }),
    ))
}

/// One user; a non-numeric id is axum's 400, which the page can still read.
#[cors(
    origins = ["https://app.example.com", "https://admin.example.com", "http://localhost:5173"],
    methods = [GET, DELETE],
    credentials = true,
)]
async fn user(Path(id): Path<u64>) -> Json<User> {
    Json(User {
        id,
        name: format!("user {id}"),
    })
}

fn app() -> Router {
    Router::new()
        .route("/status", cors_route!(get(status)))
        .route("/users", cors_route!(get(list_users), post(create_user)))
        .route("/users/{id}", cors_route!(get(user), delete(user)))
        .with_state(Db::default())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .unwrap_or_else(|| "3000".to_string());
    let address = format!("127.0.0.1:{port}");
    let listener = tokio::net::TcpListener::bind(&address).await?;
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
    println!("  curl -i {base}/users/abc -H 'Origin: https://admin.example.com'");
    println!("  curl -i -X PUT {base}/users -H 'Origin: https://app.example.com'");
    axum::serve(listener, app()).await
}
