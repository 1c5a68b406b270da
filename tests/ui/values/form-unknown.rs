// `form` is `axum`, `actix` or `http`.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    form = hyper,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
