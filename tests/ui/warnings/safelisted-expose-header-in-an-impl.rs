// In an impl block without `#[cors]`, a warning sits on the same token as on a free function.
#![deny(deprecated)]

use axum::{routing::get, Router};
use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(
        origins = ["https://app.example.com"],
        methods = [GET],
        expose_headers = ["x-request-id", "content-type"],
    )]
    async fn handler() {}
}

fn main() {
    let _app: Router = Router::new().route("/", get(Api::handler));
}
