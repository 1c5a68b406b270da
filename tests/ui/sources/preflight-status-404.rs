// A preflight succeeds only with a 2xx; 204 and 200 are the choices.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET], preflight_status = 404)]
async fn handler() {}

fn main() {}
