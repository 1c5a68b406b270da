// A closure is not a path: name a function.
use cors_runtime::cors;

#[cors(origin_fn = |origin: &str| origin.len() > 3, methods = [GET])]
async fn handler() {}

fn main() {}
