// `module = name` when the handler's name is taken by a module.
use axum::{routing::get, Router};
use cors_runtime::cors;

mod users {
    pub(crate) const TABLE: &str = "users";
}

#[cors(origins = ["https://app.example.com"], methods = [GET], module = users_cors)]
async fn users() -> &'static str {
    users::TABLE
}

fn main() {
    let _app: Router = Router::new().route("/users", cors_runtime::cors_route!(get(users, module = users_cors)));
}
