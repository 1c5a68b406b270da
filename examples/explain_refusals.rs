//! Why did the browser block this? With the `tracing` feature, every refused preflight and
//! every request from an origin that is not allowed logs one `debug` event saying why.
//!
//! ```text
//! cargo run -p cors-examples --example explain_refusals
//! ```
//!
//! It sends a few refused requests through the router in-process and prints the events, such as:
//!
//! ```text
//! DEBUG cors_runtime: CORS preflight refused handler=update_profile origin=https://app.example.com reason=method patch not allowed (allowed: PATCH)
//! ```

use axum::body::Body;
use axum::Router;
use cors_runtime::cors;
use http::Request;
use tower::ServiceExt;

#[cors(
    origins = ["https://app.example.com"],
    methods = [PATCH],
    headers = ["content-type"],
    credentials = true,
)]
async fn update_profile() -> &'static str {
    "updated"
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .without_time()
        .init();

    let app = Router::new().route("/profile", cors_runtime::cors_route!(patch(update_profile)));
    let refused: [&[(&str, &str)]; 4] = [
        // `fetch(url, {method: "patch"})` sends the method as written.
        &[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "patch"),
        ],
        &[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "PATCH"),
            (
                "access-control-request-headers",
                "content-type,x-csrf-token",
            ),
        ],
        &[
            ("origin", "https://app.example.com.evil.net"),
            ("access-control-request-method", "PATCH"),
        ],
        &[
            ("origin", "http://app.example.com"),
            ("access-control-request-method", "PATCH"),
        ],
    ];
    for headers in refused {
        let mut request = Request::builder().method("OPTIONS").uri("/profile");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).expect("a valid request");
        let response = app.clone().oneshot(request).await.expect("infallible");
        println!("-> {}", response.status());
    }
}
