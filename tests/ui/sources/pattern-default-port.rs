// A pattern is held to the rules of an exact origin; the fix is shown as a pattern.
use cors_runtime::cors;

#[cors(origins = ["https://*.example.com:443"], methods = [GET])]
async fn handler() {}

fn main() {}
