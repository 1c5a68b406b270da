// A pattern over a public suffix admits every site anyone registers there.
use cors_runtime::cors;

#[cors(origins = ["https://*.co.uk"], methods = [GET])]
async fn handler() {}

fn main() {}
