// The impl block's `#[cors]` only marks the block: each policy goes on its handler.
use cors_runtime::cors;

struct Api;

#[cors(origins = ["https://app.example.com"], methods = [GET])]
impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
