// A development server without a scheme: the fix is `http://`.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["localhost:5173"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
