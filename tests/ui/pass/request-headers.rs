// Request headers a script sets: `content-type` (JSON needs it), `authorization` (never covered
// by `*`), safelisted ones with values that need a preflight, custom ones in any case.
use axum::{routing::post, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    headers = ["Content-Type", "authorization", "accept", "range", "X-Api-Key"],
    max_age = 0,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(post(handler)));
}
