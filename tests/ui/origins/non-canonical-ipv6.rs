// Browsers send IPv6 addresses compressed.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["http://[0:0:0:0:0:0:0:1]:3000"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
