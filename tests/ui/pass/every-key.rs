// Every key at once.
use axum::{routing::post, Router};
use cors_runtime::cors;

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = [POST, PATCH],
    headers = ["content-type", "authorization", "x-api-key"],
    expose_headers = ["x-request-id", "etag"],
    credentials = true,
    max_age = 600,
    module = create_user_cors,
    form = axum,
)]
async fn create_user(body: String) -> String {
    body
}

fn main() {
    let _app: Router = Router::new().route(
        "/users",
        cors_runtime::cors_route!(post(create_user, module = create_user_cors)),
    );
}
