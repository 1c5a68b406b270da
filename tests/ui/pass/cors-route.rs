// `cors_route!` builds the `MethodRouter`, its preflight and its 405; with one handler, each
// routable method its policy allows (`head` with `GET`, any with `["*"]`).
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::{Json, Router};
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

#[cors(origins = ["https://app.example.com"], methods = [PUT])]
async fn update_user(Path(id): Path<u32>, body: String) -> String {
    format!("{id} {body}")
}

#[cors(origins = ["https://app.example.com"], methods = [POST])]
async fn import_users(
    State(limit): State<usize>,
    headers: HeaderMap,
    Json(names): Json<Vec<String>>,
) -> String {
    format!("{} of {limit}, {} headers", names.len(), headers.len())
}

fn main() {
    // Handlers of one, two and three arguments, with a state.
    let _with_state: Router = Router::new()
        .route("/users", cors_route!(get(list_users)))
        .route("/users/{id}", cors_route!(put(update_user)))
        .route("/import", cors_route!(post(import_users)))
        .with_state(100_usize);

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
