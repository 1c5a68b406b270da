// A shared policy with per-handler methods and headers.
use axum::{routing::get, Router};
use cors_runtime::{cors, cors_policy};

cors_policy!(API: origins = ["https://app.example.com"], credentials = true);

#[cors(policy = API, methods = [GET])]
async fn list() {}

#[cors(policy = API, methods = [POST], headers = ["content-type"])]
async fn create() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(list), post(create)));
}
