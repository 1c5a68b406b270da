// Header names match case-insensitively.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    headers = ["X-Api-Key", "content-type", "x-api-key"],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
