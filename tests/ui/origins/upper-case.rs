// Browsers send the host in lower case.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://App.Example.com"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
