// `create_user` is routed with `get` but its policy allows only POST.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [POST])]
async fn create_user() {}

fn main() {
    let _app: Router = Router::new().route("/users", cors_route!(get(create_user)));
}
