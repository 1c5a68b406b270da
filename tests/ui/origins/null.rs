// Anyone can make a browser send `Origin: null`.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["null"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
