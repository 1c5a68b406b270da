// `credentials` is a bool.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    credentials = "yes",
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
