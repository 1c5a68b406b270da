// Browsers leave out the default port.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["http://localhost:80"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
