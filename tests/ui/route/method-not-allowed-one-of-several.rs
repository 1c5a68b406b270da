// `user` is routed with `get` and `delete`, but its policy allows only GET: the error sits on
// `delete`.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn user() {}

fn main() {
    let _app: Router = Router::new().route("/users/{id}", cors_route!(get(user), delete(user)));
}
