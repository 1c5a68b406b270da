// Private Network Access for every site on the internet is refused.
use cors_runtime::cors;

#[cors(origins = ["*"], methods = [GET], private_network = true)]
async fn handler() {}

fn main() {}
