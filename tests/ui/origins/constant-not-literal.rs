// The attribute checks literals; it cannot read a constant.
use axum::{routing::get, Router};
use cors_runtime::cors;

const APP_ORIGIN: &str = "https://app.example.com";

#[cors(
    origins = [APP_ORIGIN],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
