// Browsers send internationalized hosts in punycode.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://bücher.example"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
