// `origin` is a near miss of `origins`.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origin = ["https://app.example.com"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
