//! Shared helpers for the behaviour tests: building requests and reading responses.

use axum::body::Body;
use axum::Router;
use http::{HeaderValue, Request, Response};
use tower::ServiceExt;

/// A request with the given method, path and headers, with an empty body.
pub fn request(method: &str, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
    request_with_body(method, uri, headers, Body::empty())
}

/// A request with the given method, path, headers and body.
pub fn request_with_body(
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Body,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body).expect("test requests are well-formed")
}

/// Sends a request through a router, as axum's server would.
pub async fn send(router: &Router, request: Request<Body>) -> Response<Body> {
    router
        .clone()
        .oneshot(request)
        .await
        .expect("axum routers are infallible")
}

/// All values of a header, as strings (non-UTF-8 values show as `<bytes>`).
pub fn values<B>(response: &Response<B>, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|value: &HeaderValue| value.to_str().unwrap_or("<bytes>").to_string())
        .collect()
}

/// The single value of a header, or `None`; fails the test if the header is repeated.
pub fn value<B>(response: &Response<B>, name: &str) -> Option<String> {
    let all = values(response, name);
    assert!(all.len() <= 1, "`{name}` is repeated: {all:?}");
    all.into_iter().next()
}

/// The names of every `access-control-*` header on a response.
pub fn cors_header_names<B>(response: &Response<B>) -> Vec<String> {
    response
        .headers()
        .keys()
        .map(|name| name.as_str().to_string())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

/// The response body as text.
pub async fn body_text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("test bodies are small");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A response read off the wire by [`raw_exchange`].
#[derive(Debug)]
pub struct WireResponse {
    /// The status code.
    pub status: u16,
    /// The header lines in order, names lower-cased.
    pub headers: Vec<(String, Vec<u8>)>,
    /// Everything after the header block.
    pub body: Vec<u8>,
}

impl WireResponse {
    /// Every value of a header, as text.
    pub fn values(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(header, _)| header == name)
            .map(|(_, value)| String::from_utf8_lossy(value).into_owned())
            .collect()
    }

    /// The names of every `access-control-*` header.
    pub fn cors_header_names(&self) -> Vec<String> {
        self.headers
            .iter()
            .map(|(name, _)| name.clone())
            .filter(|name| name.starts_with("access-control-"))
            .collect()
    }
}

/// Sends raw request bytes (a whole HTTP/1.1 request with `Connection: close`) to a server on
/// loopback and reads the response until the server closes the connection.
pub async fn raw_exchange(address: std::net::SocketAddr, request: &[u8]) -> WireResponse {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(address).await?;
        stream.write_all(request).await?;
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).await?;
        Ok::<_, std::io::Error>(bytes)
    };
    let bytes = tokio::time::timeout(std::time::Duration::from_secs(10), exchange)
        .await
        .expect("the server answers within 10 s")
        .expect("loopback I/O works");
    let split = bytes
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a complete header block");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| {
            (
                name.trim().to_ascii_lowercase(),
                value.trim().as_bytes().to_vec(),
            )
        })
        .collect();
    WireResponse {
        status,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}
