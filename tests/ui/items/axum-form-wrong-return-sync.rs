// The same for a synchronous axum handler: the error sits on the return type.
use cors_runtime::cors;

struct Report {
    _pages: u32,
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
fn handler() -> Report {
    Report { _pages: 7 }
}

fn main() {}
