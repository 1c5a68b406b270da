// `preflight!` over handlers with disjoint methods on one path.
use axum::{routing::get, Router};
use cors_runtime::{cors, preflight};

#[cors(origins = ["*"], methods = [GET])]
async fn list_users() {}

#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    headers = ["content-type"],
    credentials = true,
)]
async fn create_user() {}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        cors_runtime::cors_route!(get(list_users), post(create_user)),
    );
}
