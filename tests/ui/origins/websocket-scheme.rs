// A WebSocket handshake carries the page's origin.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["wss://app.example.com"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
