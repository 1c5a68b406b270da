// Other libraries call it `allow_credentials`; here it is `credentials`.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    allow_credentials = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
