// `preflight!` answers with the policy of the one handler that allows the method asked for.
use axum::{routing::get, Router};
use cors_runtime::{cors, cors_handler, preflight};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_users() {}

#[cors(origins = ["https://admin.example.com"], methods = [GET, POST])]
async fn create_user() {}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        get(cors_handler!(list_users))
            .post(cors_handler!(create_user))
            .options(preflight!(list_users, create_user)),
    );
}
