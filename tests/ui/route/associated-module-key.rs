// An associated handler's companion module is named with `module = ...`.
use axum::routing::Router;
use cors_runtime::{cors, cors_route};

struct Api;

#[cors]
impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {
    let _: Router = Router::new().route("/", cors_route!(get(Api::list_users, modul = list_users)));
}
