// An attribute on an associated function cannot write the companion module beside the impl:
// the impl block needs `#[cors]` too.
use cors_runtime::cors;

struct Api;

impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
