// A predicate's answer is never combined with `"*"` into a reflected wildcard.
use cors_runtime::cors;

fn is_tenant(origin: &str) -> bool {
    origin.ends_with(".tenants.example.com")
}

#[cors(origins = ["*"], origin_fn = is_tenant, methods = [GET])]
async fn handler() {}

fn main() {}
