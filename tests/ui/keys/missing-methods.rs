// `methods` is required: the preflight answers with it.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
