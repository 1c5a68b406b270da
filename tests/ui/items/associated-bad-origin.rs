// The rules of a handler's attribute are the same in an impl block, on the same tokens.
use cors_runtime::cors;

struct Api;

#[cors]
impl Api {
    #[cors(origins = ["https://app.example.com/"], methods = [GET])]
    async fn list_users() -> &'static str {
        "[]"
    }

    #[cors(origins = ["https://app.example.com"], methods = [get])]
    async fn create_user() -> &'static str {
        "{}"
    }
}

fn main() {
    let _ = Api::list_users();
    let _ = Api::create_user();
}
