// An IP address has no subdomains.
use cors_runtime::cors;

#[cors(origins = ["http://*.127.0.0.1:3000"], methods = [GET])]
async fn handler() {}

fn main() {}
