// `form = actix` makes actix-web handlers of every shape: no argument, extractors, a
// synchronous function, `impl Responder`, `Result`, a renamed or hidden companion module.
use actix_web::http::Method;
use actix_web::{web, App, HttpRequest, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
async fn no_arguments() -> &'static str {
    "ok"
}

#[cors(origins = ["https://app.example.com"], methods = [POST], form = actix)]
pub async fn extractors(
    request: HttpRequest,
    path: web::Path<(u32, String)>,
    query: web::Query<Vec<(String, String)>>,
    body: web::Bytes,
) -> impl Responder {
    let _ = (request.method(), query.len(), body.len());
    path.into_inner().1
}

#[cors(origins = ["https://app.example.com"], methods = [PUT], form = actix)]
async fn fallible(state: web::Data<u64>) -> Result<HttpResponse, actix_web::Error> {
    match **state {
        0 => Err(actix_web::error::ErrorConflict("zero")),
        _ => Ok(HttpResponse::Ok().finish()),
    }
}

#[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
fn synchronous(request: HttpRequest) -> String {
    request.path().to_string()
}

#[cors(origins = ["https://app.example.com"], methods = [GET], form = actix, module = renamed)]
async fn with_renamed_module() -> &'static str {
    "ok"
}

#[cors(origins = ["https://app.example.com"], methods = [GET], form = actix, module = false)]
async fn with_hidden_module() -> &'static str {
    "ok"
}

fn main() {
    let _app = App::new()
        .app_data(web::Data::new(1_u64))
        .route("/a", web::get().to(no_arguments))
        .route("/a", web::route().method(Method::OPTIONS).to(no_arguments::preflight))
        .route("/b/{id}/{name}", web::post().to(extractors))
        .route("/b/{id}/{name}", web::route().method(Method::OPTIONS).to(extractors::preflight))
        .route("/c", web::put().to(fallible))
        .route("/c", web::route().method(Method::OPTIONS).to(fallible::preflight))
        .route("/d", web::get().to(synchronous))
        .route("/d", web::route().method(Method::OPTIONS).to(synchronous::preflight))
        .route("/e", web::get().to(with_renamed_module))
        .route("/e", web::route().method(Method::OPTIONS).to(renamed::preflight))
        .route("/f", web::get().to(with_hidden_module));
    let _ = renamed::CORS.name();
}
