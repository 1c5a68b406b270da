// An associated actix-web handler needs its companion module, so its impl block needs `#[cors]`.
use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
