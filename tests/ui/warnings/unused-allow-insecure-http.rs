// `allow_insecure_http = true` without credentials permits nothing: a warning (denied here).
#![deny(deprecated)]

use axum::Router;
use cors_runtime::cors;

#[cors(
    origins = ["http://intranet.example.com"],
    methods = [GET],
    allow_insecure_http = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
