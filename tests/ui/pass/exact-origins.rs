// Origins as browsers send them: https, ports, localhost, IPv4 and IPv6 loopback, punycode,
// a browser extension.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = [
        "https://app.example.com",
        "https://app.example.com:8443",
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://[::1]:8080",
        "https://xn--bcher-kva.example",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    ],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
