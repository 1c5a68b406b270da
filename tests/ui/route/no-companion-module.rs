// An associated handler's companion module is not under its path: `cors_route!` needs
// `module = list_users`.
use axum::Router;
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
    let _app: Router = Router::new().route("/users", cors_route!(get(Api::list_users)));
}
