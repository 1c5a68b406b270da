// `cors_route!` generates the OPTIONS handler.
use axum::Router;
use cors_runtime::{cors, cors_route};

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_users() {}

async fn options() {}

fn main() {
    let _app: Router = Router::new().route("/users", cors_route!(get(list_users), options(options)));
}
