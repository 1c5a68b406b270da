// A plain `http` handler takes the request alone.
use cors_runtime::cors;
use http::{Request, Response};

#[cors(origins = ["https://app.example.com"], methods = [GET], form = http)]
async fn handler(request: Request<String>, _extra: u8) -> Response<String> {
    Response::new(request.into_body())
}

fn main() {}
