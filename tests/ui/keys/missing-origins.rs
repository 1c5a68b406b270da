// Without `origins` no page could read the responses.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
