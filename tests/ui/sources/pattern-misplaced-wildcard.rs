// `*` must be the whole left-most label: `*example.com` would admit `evilexample.com`.
use cors_runtime::cors;

#[cors(origins = ["https://*example.com"], methods = [GET])]
async fn handler() {}

fn main() {}
