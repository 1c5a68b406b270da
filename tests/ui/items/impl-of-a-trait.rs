// A trait impl cannot hold the function `#[cors]` adds beside each handler.
use cors_runtime::cors;

struct Api;

trait Handlers {
    async fn list_users() -> &'static str;
}

#[cors]
impl Handlers for Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
