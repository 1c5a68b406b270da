// Nothing close: the error lists the keys.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    timeout = 5,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
