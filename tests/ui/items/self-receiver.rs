// A handler is called by the router, which has no `self` to pass.
use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users(&self) -> &'static str {
        "[]"
    }
}

fn main() {
    let _ = Api.list_users();
}
