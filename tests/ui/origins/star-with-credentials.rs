// Browsers refuse `*` on credentialed requests: both tokens are spanned.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["*"],
    methods = [GET],
    credentials = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
