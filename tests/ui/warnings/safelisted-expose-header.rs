// `content-type` is always readable by scripts: listing it is a warning (denied here to test it).
#![deny(deprecated)]

use axum::Router;
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    expose_headers = ["x-request-id", "content-type"],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
