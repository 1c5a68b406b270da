// In an impl block without `#[cors]`, a handler's attribute writes its policy and preflight
// handler as associated constants: `Self::list_users_cors`, `Self::list_users_preflight`.
use axum::{routing::get, Router};
use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        get(Api::list_users).options(Api::list_users_preflight),
    );
    assert_eq!(Api::list_users_cors.methods(), ["GET"]);
}
