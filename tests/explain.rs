//! With the `tracing` feature, each refusal is one `debug` event saying why.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::Router;
use cors_runtime::{cors, cors_route};
use cors_tests::{request, send};

#[cors(origins = ["https://app.example.com"], methods = [GET, POST], headers = ["content-type"])]
async fn notes() -> &'static str {
    "notes"
}

#[cors(origins = ["https://app.example.com"], methods = [DELETE])]
async fn delete_note() -> &'static str {
    "deleted"
}

/// Collects formatted events in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        let bytes = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut buffer = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .without_time()
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

/// `logged` is one event, and it says `expected`; `what` names the request.
fn assert_one_event(logged: &str, expected: &str, what: &str) {
    assert!(
        logged.contains(expected),
        "{what}: expected `{expected}` in:\n{logged}"
    );
    assert_eq!(
        logged.lines().count(),
        1,
        "one event per refusal:\n{logged}"
    );
}

fn app() -> Router {
    Router::new()
        .route("/notes", cors_route!(get(notes), post(notes)))
        .route("/other", cors_route!(delete(delete_note)))
}

/// Method, path, request headers, and the text the event must contain.
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);

#[tokio::test]
async fn each_refusal_says_why() {
    let (captured, _guard) = capture();
    let app = app();
    let cases: &[Case<'_>] = &[
        (
            "OPTIONS",
            "/notes",
            &[("origin", "https://evil.example"), ("access-control-request-method", "GET")],
            "handler=notes origin=https://evil.example reason=origin not allowed",
        ),
        (
            "OPTIONS",
            "/notes",
            &[("origin", "https://app.example.com"), ("access-control-request-method", "PATCH")],
            "handler=notes origin=https://app.example.com reason=method PATCH not allowed (allowed: GET, POST)",
        ),
        (
            "OPTIONS",
            "/notes",
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,x-token"),
            ],
            "reason=header x-token not allowed",
        ),
        (
            "GET",
            "/notes",
            &[("origin", "https://evil.example")],
            "handler=notes origin=https://evil.example reason=origin not allowed",
        ),
        (
            "OPTIONS",
            "/other",
            &[("origin", "https://app.example.com"), ("access-control-request-method", "PUT")],
            "handler=delete_note origin=https://app.example.com reason=method PUT not allowed (allowed: DELETE)",
        ),
    ];
    for (method, path, headers, expected) in cases {
        let before = captured.text().len();
        send(&app, request(method, path, headers)).await;
        assert_one_event(
            &captured.text()[before..],
            expected,
            &format!("{method} {path}"),
        );
    }
    let long = vec!["content-type"; 100].join(",");
    let before = captured.text().len();
    send(
        &app,
        request(
            "OPTIONS",
            "/notes",
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", &long),
            ],
        ),
    )
    .await;
    assert!(captured.text()[before..].contains("reason=header list too long"));
}

#[tokio::test]
async fn allowed_requests_and_requests_without_origin_log_nothing() {
    let (captured, _guard) = capture();
    let app = app();
    send(
        &app,
        request("GET", "/notes", &[("origin", "https://app.example.com")]),
    )
    .await;
    send(&app, request("GET", "/notes", &[])).await;
    send(
        &app,
        request(
            "OPTIONS",
            "/notes",
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "POST"),
            ],
        ),
    )
    .await;
    assert_eq!(captured.text(), "");
}

#[cors(
    origins = ["https://app.example.com"],
    methods = [GET],
    headers = ["content-type"],
    form = actix
)]
async fn actix_notes() -> &'static str {
    "notes"
}

/// actix-web's handlers read the CORS headers from actix-web's own header values; a refusal is
/// explained the same way.
#[test]
fn an_actix_handler_explains_a_refused_origin() {
    use actix_web::test::{call_service, init_service, TestRequest};

    let (captured, _guard) = capture();
    let system = actix_web::rt::System::new();
    let app = system.block_on(init_service(
        actix_web::App::new()
            .route("/notes", actix_web::web::get().to(actix_notes))
            .route(
                "/notes",
                actix_web::web::method(actix_web::http::Method::OPTIONS).to(actix_notes::preflight),
            ),
    ));
    let cases: &[(&[&str], &str)] = &[
        (
            &["https://evil.example"],
            "handler=actix_notes origin=https://evil.example reason=origin not allowed",
        ),
        // A repeated `Origin` is refused, and named by its first value.
        (
            &["https://app.example.com", "https://app.example.com"],
            "handler=actix_notes origin=https://app.example.com reason=origin not allowed",
        ),
        (&["https://app.example.com"], ""),
        (&[], ""),
    ];
    for (origins, expected) in cases {
        let before = captured.text().len();
        let request = origins
            .iter()
            .fold(TestRequest::get().uri("/notes"), |request, origin| {
                request.append_header(("origin", *origin))
            });
        let response = system.block_on(call_service(&app, request.to_request()));
        assert_eq!(response.status(), 200);
        let logged = captured.text()[before..].to_string();
        if expected.is_empty() {
            assert_eq!(logged, "", "{origins:?}");
        } else {
            assert_one_event(&logged, expected, &format!("{origins:?}"));
        }
    }

    let preflights: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "GET"),
            ],
            "handler=actix_notes origin=https://evil.example reason=origin not allowed",
        ),
        (
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "PATCH"),
            ],
            "reason=method PATCH not allowed (allowed: GET)",
        ),
        (
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "content-type,x-token"),
            ],
            "reason=header x-token not allowed",
        ),
    ];
    for (headers, expected) in preflights {
        let before = captured.text().len();
        let request = headers.iter().fold(
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/notes"),
            |request, header| request.append_header(*header),
        );
        let response = system.block_on(call_service(&app, request.to_request()));
        assert_eq!(response.status(), 403);
        assert_one_event(
            &captured.text()[before..],
            expected,
            &format!("{headers:?}"),
        );
    }
}
