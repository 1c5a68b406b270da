// An origin has no user name or password.
use axum::{routing::get, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://admin:secret@app.example.com"],
    methods = [GET],
)]
async fn handler() {}

fn main() {
    let _app: Router = Router::new().route("/", get(handler));
}
