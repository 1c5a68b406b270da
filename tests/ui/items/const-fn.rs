// A handler cannot be `const fn`.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET])]
const fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _ = handler();
}
