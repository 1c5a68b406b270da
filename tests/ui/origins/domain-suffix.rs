// A domain suffix is a pattern too.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = [".example.com"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
