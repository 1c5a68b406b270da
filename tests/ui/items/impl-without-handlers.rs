// `#[cors]` on an impl block with no `#[cors(...)]` handler in it does nothing: likely a
// forgotten handler attribute.
use cors_runtime::cors;

struct Api;

#[cors]
impl Api {
    async fn list_users() -> &'static str {
        "[]"
    }
}

fn main() {}
