// `#[cors]` goes on a handler function, not on a type.
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = [GET])]
struct Users;

fn main() {
    let _ = Users;
}
