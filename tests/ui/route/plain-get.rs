// A `#[cors]` axum handler routed with axum's own `get`, which would answer without CORS headers
// and leave its preflight to a 405: its name is not a handler, and the error names the fix.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn list_users() -> &'static str {
    "[]"
}

fn main() {
    let _app: Router = Router::new().route("/users", get(list_users));
}
