// Plain http on this machine is fine with credentials: no network attacker sits in between.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = [
        "https://app.example.com",
        "http://localhost:5173",
        "http://127.0.0.1:5173",
        "http://[::1]:5173",
    ],
    methods = [GET],
    credentials = true,
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", cors_runtime::cors_route!(get(handler)));
}
