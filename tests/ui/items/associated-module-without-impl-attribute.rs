// Without `#[cors]` on the impl block there is no companion module to name.
use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET], module = users)]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
