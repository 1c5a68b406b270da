// `module = false` hides the companion module (generated under a hidden name).
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], module = false)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
