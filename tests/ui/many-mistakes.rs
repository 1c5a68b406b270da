// Every mistake of an attribute is reported in one compile, in source order.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origin = ["https://app.example.com"],
    origins = ["https://app.example.com/", "null", "*"],
    methods = [get, OPTIONS, "*"],
    headers = ["cookie", "x-api-key", "X-API-KEY"],
    expose_headers = ["set-cookie"],
    credentials = true,
    max_age = 100000,
    max_age = 600,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
