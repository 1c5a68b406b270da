// `cors_route!` builds the `MethodRouter`, its preflight and its 405.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["*"], methods = [GET])]
async fn list_users() {}

#[cors(origins = ["https://app.example.com"], methods = [POST, PUT], credentials = true)]
async fn save_user() {}

#[cors(origins = ["https://admin.example.com"], methods = [DELETE])]
async fn delete_user() {}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        cors_route!(
            get(list_users),
            post(save_user),
            put(save_user),
            delete(delete_user)
        ),
    );
}
