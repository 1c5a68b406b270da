// `module` is a name, not a string.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    module = "users_cors",
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
