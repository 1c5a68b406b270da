// Origins match exactly; beyond `*.` subdomain patterns there are no globs.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app-?.example.com"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
