// Lists are joined: a method in both is a duplicate, reported on the handler's.
use cors_runtime::{cors, cors_policy};

cors_policy!(API: origins = ["https://app.example.com"], methods = [GET]);

#[cors(policy = API, methods = [GET, POST])]
async fn handler() {}

fn main() {}
