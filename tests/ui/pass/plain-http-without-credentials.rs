// Without credentials a plain-http origin reads only what any page could fetch.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(origins = ["http://app.example.com", "http://192.168.1.20:8080"], methods = [GET])]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
