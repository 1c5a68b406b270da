// `allow_insecure_http = true` without credentials permits nothing: a warning (denied here).
#![deny(deprecated)]

use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["http://intranet.example.com"],
    methods = [GET],
    allow_insecure_http = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
