// `["*"]` for every list key, without credentials.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(origins = ["*"], methods = ["*"], headers = ["*"], expose_headers = ["*"])]
async fn status() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/status", cors_runtime::cors_route!(get(status)));
}
