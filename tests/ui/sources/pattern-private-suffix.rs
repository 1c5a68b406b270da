// `github.io` is on the Public Suffix List's private section: every user's pages live under it.
use cors_runtime::cors;

#[cors(origins = ["https://*.github.io"], methods = [GET])]
async fn handler() {}

fn main() {}
