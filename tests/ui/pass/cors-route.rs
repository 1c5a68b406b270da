// `cors_route!` builds the `MethodRouter`, its preflight and its 405; with one handler, each
// routable method its policy allows (`head` with `GET`, any with `["*"]`).
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["*"], methods = [GET])]
async fn list_users() {}

#[cors(origins = ["https://app.example.com"], methods = [POST, PUT], credentials = true)]
async fn save_user() {}

#[cors(origins = ["https://admin.example.com"], methods = [DELETE])]
async fn delete_user() {}

#[cors(origins = ["https://app.example.com"], methods = [PATCH, HEAD])]
async fn patch_user() {}

#[cors(origins = ["https://app.example.com"], methods = ["*"])]
async fn any_method() {}

fn main() {
    let _one: Router = Router::new()
        .route("/a", cors_route!(get(list_users)))
        .route("/b", cors_route!(head(list_users)))
        .route("/c", cors_route!(post(save_user)))
        .route("/d", cors_route!(put(save_user)))
        .route("/e", cors_route!(patch(patch_user)))
        .route("/f", cors_route!(head(patch_user)))
        .route("/g", cors_route!(delete(delete_user)))
        .route("/h", cors_route!(delete(any_method)))
        .route("/i", cors_route!(head(any_method)));
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
