// A network attacker can forge a plain-http origin: the origin and `credentials` are spanned.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com", "http://app.example.com"],
    methods = [GET],
    credentials = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
