// A key that is not a list cannot be set by both the policy and the handler.
use cors_runtime::{cors, cors_policy};

cors_policy!(API: origins = ["https://app.example.com"], max_age = 600);

#[cors(policy = API, methods = [GET], max_age = 60)]
async fn handler() {}

fn main() {}
