// `list_users` takes a `u32`, which is no axum extractor: axum's own error, on the handler.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_users(page: u32) -> String {
    page.to_string()
}

fn main() {
    let _app: Router = Router::new().route("/users", cors_route!(get(list_users)));
}
