// In a `#[cors]` impl block too, a handler takes no `self`: the router has none to pass.
use cors_runtime::cors;

struct Api;

#[cors]
impl Api {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    async fn list_users(&self) -> &'static str {
        "[]"
    }
}

fn main() {
    let _ = Api.list_users();
}
