// A trait's functions are not handlers a router can take.
use cors_runtime::cors;

trait Handlers {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
