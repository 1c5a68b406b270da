// A plain `http` handler keeps its signature.
use cors_runtime::cors;
use http::{Request, Response};

#[cors(origins = ["https://app.example.com"], methods = [GET, POST])]
async fn handler(request: Request<String>) -> Response<String> {
    Response::new(request.into_body())
}

fn main() {
    let _ = handler(Request::new(String::new()));
}
