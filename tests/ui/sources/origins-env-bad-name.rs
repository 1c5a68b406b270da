// An environment variable name is letters, digits and `_`.
use cors_runtime::cors;

#[cors(origins_env = "CORS-ORIGINS", methods = [GET])]
async fn handler() {}

fn main() {}
