// A conflict that only the merge creates: credentials from the shared policy, `"*"` from the
// handler. Both tokens are reported.
use cors_runtime::{cors, cors_policy};

cors_policy!(API: headers = ["content-type"], credentials = true);

#[cors(policy = API, origins = ["*"], methods = [GET])]
async fn handler() {}

fn main() {}
