//! Behaviour through real servers on 127.0.0.1: plain `http` handlers under hyper's
//! `service_fn`, and an axum app under `axum::serve`, driven with raw bytes.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::routing::get;
use axum::Router;
use cors_runtime::{cors, cors_route};
use cors_tests::raw_exchange;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

const APP: &str = "https://app.example.com";

/// Calls of `service` for the path only the preflight test uses (tests run concurrently).
static PROBE_CALLS: AtomicUsize = AtomicUsize::new(0);

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET, PUT],
    headers = ["content-type"],
    expose_headers = ["x-version"],
    credentials = true,
    max_age = 60,
)]
async fn service(request: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    if request.uri().path() == "/preflight-probe" {
        PROBE_CALLS.fetch_add(1, Ordering::SeqCst);
    }
    let body = format!("{} {}", request.method(), request.uri().path());
    let mut response = Response::new(Full::new(Bytes::from(body)));
    response
        .headers_mut()
        .insert("x-version", "7".parse().expect("valid"));
    Ok(response)
}

#[cors(origins = ["*"], methods = [GET])]
fn sync_service(_request: Request<Incoming>) -> Response<Full<Bytes>> {
    Response::new(Full::new(Bytes::from_static(b"sync")))
}

async fn serve_hyper<F, Fut>(handler: F) -> SocketAddr
where
    F: Fn(Request<Incoming>) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<Response<Full<Bytes>>, Infallible>> + Send + 'static,
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let handler = handler.clone();
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service_fn(handler))
                    .await;
            });
        }
    });
    address
}

fn raw(method: &str, path: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

#[tokio::test]
async fn plain_http_handler_answers_preflights_itself() {
    let address = serve_hyper(service).await;
    let response = raw_exchange(
        address,
        &raw(
            "OPTIONS",
            "/preflight-probe",
            &[
                ("origin", APP),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type"),
            ],
        ),
    )
    .await;
    assert_eq!(response.status, 204);
    assert_eq!(response.values("access-control-allow-origin"), [APP]);
    assert_eq!(
        response.values("access-control-allow-methods"),
        ["GET, PUT"]
    );
    assert_eq!(
        response.values("access-control-allow-headers"),
        ["content-type"]
    );
    assert_eq!(
        response.values("access-control-allow-credentials"),
        ["true"]
    );
    assert_eq!(response.values("access-control-max-age"), ["60"]);
    assert_eq!(
        PROBE_CALLS.load(Ordering::SeqCst),
        0,
        "the handler ran for a preflight"
    );

    let refused = raw_exchange(
        address,
        &raw(
            "OPTIONS",
            "/things",
            &[("origin", APP), ("access-control-request-method", "DELETE")],
        ),
    )
    .await;
    assert_eq!(refused.status, 403);
    assert!(refused.cors_header_names().is_empty());
}

#[tokio::test]
async fn plain_http_handler_adds_actual_headers() {
    let address = serve_hyper(service).await;
    let response = raw_exchange(address, &raw("GET", "/things", &[("origin", APP)])).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.values("access-control-allow-origin"), [APP]);
    assert_eq!(
        response.values("access-control-expose-headers"),
        ["x-version"]
    );
    assert_eq!(response.values("vary"), ["Origin"]);
    assert_eq!(response.body, b"GET /things");

    let plain_options = raw_exchange(address, &raw("OPTIONS", "/things", &[("origin", APP)])).await;
    assert_eq!(
        plain_options.body, b"OPTIONS /things",
        "a non-preflight OPTIONS reaches the handler"
    );

    let refused = raw_exchange(
        address,
        &raw("GET", "/things", &[("origin", "https://evil.example")]),
    )
    .await;
    assert_eq!(refused.status, 200);
    assert!(refused.cors_header_names().is_empty());
    assert_eq!(refused.values("vary"), ["Origin"]);
}

#[tokio::test]
async fn sync_plain_handler_works_under_hyper() {
    let address = serve_hyper(|request| async move { Ok(sync_service(request)) }).await;
    let response = raw_exchange(
        address,
        &raw("GET", "/", &[("origin", "https://any.example")]),
    )
    .await;
    assert_eq!(response.values("access-control-allow-origin"), ["*"]);
    assert_eq!(response.body, b"sync");
}

#[tokio::test]
async fn hostile_bytes_never_break_the_server() {
    let address = serve_hyper(service).await;
    let mut non_utf8 = raw("GET", "/things", &[]);
    let at = non_utf8.len() - 2;
    non_utf8.splice(
        at..at,
        b"origin: https://app.example.com\xff\xfe\r\n"
            .iter()
            .copied(),
    );
    let response = raw_exchange(address, &non_utf8).await;
    assert_eq!(response.status, 200);
    assert!(response.cors_header_names().is_empty());

    let repeated = raw("GET", "/things", &[("origin", APP), ("origin", APP)]);
    let response = raw_exchange(address, &repeated).await;
    assert!(response.cors_header_names().is_empty());

    let many = vec!["x"; 20_000].join(",");
    let hostile = raw(
        "OPTIONS",
        "/things",
        &[
            ("origin", APP),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", &many),
        ],
    );
    let response = raw_exchange(address, &hostile).await;
    assert_eq!(response.status, 403);

    // The server is still up and answering.
    let response = raw_exchange(address, &raw("GET", "/things", &[("origin", APP)])).await;
    assert_eq!(response.values("access-control-allow-origin"), [APP]);
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn read_notes() -> &'static str {
    "notes"
}

#[cors(origins = ["https://app.example.com"], methods = [POST], headers = ["content-type"])]
async fn write_note(body: String) -> (StatusCode, String) {
    (StatusCode::CREATED, body)
}

#[tokio::test]
async fn axum_app_under_a_real_server() {
    let app = Router::new()
        .route("/notes", cors_route!(get(read_notes), post(write_note)))
        .route("/plain", get(|| async { "no cors here" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let preflight = raw_exchange(
        address,
        &raw(
            "OPTIONS",
            "/notes",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "Content-Type"),
            ],
        ),
    )
    .await;
    assert_eq!(preflight.status, 204);
    assert_eq!(preflight.values("access-control-allow-methods"), ["POST"]);

    let mut post = raw(
        "POST",
        "/notes",
        &[("origin", APP), ("content-length", "5")],
    );
    post.extend_from_slice(b"hello");
    let created = raw_exchange(address, &post).await;
    assert_eq!(created.status, 201);
    assert_eq!(created.values("access-control-allow-origin"), [APP]);
    assert_eq!(created.body, b"hello");

    let not_allowed = raw_exchange(address, &raw("DELETE", "/notes", &[("origin", APP)])).await;
    assert_eq!(not_allowed.status, 405);
    assert_eq!(not_allowed.values("access-control-allow-origin"), [APP]);
    assert_eq!(not_allowed.values("allow"), ["GET, HEAD, POST, OPTIONS"]);

    let plain = raw_exchange(address, &raw("GET", "/plain", &[("origin", APP)])).await;
    assert!(
        plain.cors_header_names().is_empty(),
        "routes without #[cors] are untouched"
    );
}
