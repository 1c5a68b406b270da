// `"*"` already admits everyone: origins from the environment beside it are a mistake.
use cors_runtime::cors;

#[cors(origins = ["*"], origins_env = "CORS_ORIGINS", methods = [GET])]
async fn handler() {}

fn main() {}
