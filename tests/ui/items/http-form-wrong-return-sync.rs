// A plain `http` handler returns `http::Response<B>` or `Result<http::Response<B>, E>`: the
// error sits on the return type.
use cors_runtime::cors;
use http::Request;

#[cors(origins = ["https://app.example.com"], methods = [GET], form = http)]
fn handler(_request: Request<()>) -> u32 {
    7
}

fn main() {}
