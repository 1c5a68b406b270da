// No origin could read the responses.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = [],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
