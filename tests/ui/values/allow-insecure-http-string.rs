// The opt-in is a bool.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["http://intranet.example.com"],
    methods = [GET],
    credentials = true,
    allow_insecure_http = "yes",
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
