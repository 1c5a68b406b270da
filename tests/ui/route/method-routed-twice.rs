// axum routes one handler per method.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_users() {}

#[cors(origins = ["https://admin.example.com"], methods = [GET])]
async fn list_admins() {}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        cors_route!(get(list_users), get(list_admins)),
    );
}
