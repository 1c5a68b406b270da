// The predicate is `fn(&str) -> bool`; the error sits on the path.
use cors_runtime::cors;

fn is_tenant(origin: String) -> bool {
    origin.ends_with(".tenants.example.com")
}

#[cors(origin_fn = is_tenant, methods = [GET])]
async fn handler() {}

fn main() {}
