// The variable's name is a string.
use cors_runtime::cors;

#[cors(origins_env = CORS_ORIGINS, methods = [GET])]
async fn handler() {}

fn main() {}
