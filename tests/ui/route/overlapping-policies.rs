// Two handlers on one path both allow POST: a preflight for POST could not pick a policy.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
async fn list_users() {}

#[cors(origins = ["https://admin.example.com"], methods = [POST])]
async fn create_user() {}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        cors_route!(get(list_users), post(create_user)),
    );
}
