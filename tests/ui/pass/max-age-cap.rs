// The longest `max_age` a browser honours (Firefox).
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], max_age = 86400)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
