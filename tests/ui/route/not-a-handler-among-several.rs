// `create_user` takes a `u32`, which is no axum extractor: axum's own error, on that handler.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_users() -> &'static str {
    "[]"
}

#[cors(origins = ["https://app.example.com"], methods = [POST])]
async fn create_user(id: u32) -> String {
    id.to_string()
}

fn main() {
    let _app: Router =
        Router::new().route("/users", cors_route!(get(list_users), post(create_user)));
}
