// Custom methods: bare names, and strings for names that are not Rust identifiers.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET, PUT, DELETE, PATCH, PURGE, "M-SEARCH", "PROPFIND"],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
