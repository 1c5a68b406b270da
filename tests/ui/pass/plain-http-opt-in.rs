// `allow_insecure_http = true` accepts plain-http origins beyond this machine with credentials.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["http://intranet.example.com"],
    methods = [GET],
    credentials = true,
    allow_insecure_http = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
