// An axum handler returns something that implements `IntoResponse`: the error sits on the
// return type.
use cors_runtime::cors;

struct Report {
    _pages: u32,
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn handler() -> Report {
    Report { _pages: 7 }
}

fn main() {}
