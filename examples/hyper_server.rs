//! `#[cors]` on a plain `http` handler under hyper, without axum: the handler keeps its
//! signature and answers preflights itself, so `service_fn(handler)` works as it is.
//!
//! ```text
//! cargo run -p cors-examples --example hyper_server            # listens on 127.0.0.1:3001
//! cargo run -p cors-examples --example hyper_server -- 8081    # or PORT=8081
//! ```

use std::convert::Infallible;

use cors_runtime::cors;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

#[cors(
    origins = ["https://app.example.com", "http://localhost:5173"],
    methods = [GET, PUT],
    headers = ["content-type"],
    credentials = true,
    max_age = 600,
)]
async fn handler(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    let (status, body) = match request.uri().path() {
        "/hello" => (StatusCode::OK, "hello\n"),
        _ => (StatusCode::NOT_FOUND, "not found\n"),
    };
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    Ok(response)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let port = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("PORT").ok())
        .unwrap_or_else(|| "3001".to_string());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    let base = format!("http://{}", listener.local_addr()?);
    println!("listening on {base}; try:");
    println!("  curl -i {base}/hello -H 'Origin: https://app.example.com'");
    println!("  curl -i -X OPTIONS {base}/hello -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'");
    loop {
        let (stream, _) = listener.accept().await?;
        tokio::spawn(async move {
            if let Err(error) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service_fn(handler))
                .await
            {
                eprintln!("connection error: {error}");
            }
        });
    }
}
