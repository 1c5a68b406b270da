//! Subdomain patterns, origins from the environment, origin predicates and the small switches,
//! through a real axum `Router`.

use std::sync::Once;

use axum::routing::get;
use axum::Router;
use cors_runtime::cors;
use cors_tests::{cors_header_names, request, send, value, values};
use http::StatusCode;

#[cors(
    origins = ["https://*.example.com", "https://*.staging.example.net:8443", "https://example.com"],
    methods = [GET],
    credentials = true,
)]
async fn patterned() -> &'static str {
    "ok"
}

fn allowed_by(
    path: &str,
    origin: &str,
    app: &Router,
) -> impl std::future::Future<Output = Option<String>> {
    let request = request("GET", path, &[("origin", origin)]);
    let app = app.clone();
    async move {
        let response = send(&app, request).await;
        value(&response, "access-control-allow-origin")
    }
}

#[tokio::test]
async fn subdomain_patterns_match_whole_labels_only() {
    let app = Router::new().route("/", get(cors_runtime::cors_handler!(patterned)));
    for origin in [
        "https://a.example.com",
        "https://a.b.example.com",
        "https://xn--bcher-kva.example.com",
        "https://example.com",
        "https://eu.staging.example.net:8443",
    ] {
        assert_eq!(
            allowed_by("/", origin, &app).await.as_deref(),
            Some(origin),
            "{origin}"
        );
    }
    for origin in [
        "https://evilexample.com",
        "https://a.example.com.evil.net",
        "https://example.com.evil.net",
        "http://a.example.com",
        "https://a.example.com:8443",
        "https://.example.com",
        "https://a..example.com",
        "https://a_b.example.com",
        "https://a%60.example.com",
        "https://a`.example.com",
        "https://A.example.com",
        "https://evil.com/.example.com",
        "https://a.example.com/",
        "https://staging.example.net:8443",
        "https://eu.staging.example.net",
        "https://eu.staging.example.net:443",
        "null",
    ] {
        assert_eq!(
            allowed_by("/", origin, &app).await,
            None,
            "{origin} was allowed"
        );
    }
}

#[tokio::test]
async fn a_pattern_match_is_answered_with_the_request_origin_and_vary() {
    let app = Router::new().route("/", cors_runtime::cors_route!(get(patterned)));
    let response = send(
        &app,
        request("GET", "/", &[("origin", "https://shop.example.com")]),
    )
    .await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("https://shop.example.com")
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
    let preflight = send(
        &app,
        request(
            "OPTIONS",
            "/",
            &[
                ("origin", "https://shop.example.com"),
                ("access-control-request-method", "GET"),
            ],
        ),
    )
    .await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&preflight, "access-control-allow-origin").as_deref(),
        Some("https://shop.example.com")
    );
}

/// Tenants known to the application, as a database cache would hold them.
fn is_tenant(origin: &str) -> bool {
    origin
        .strip_prefix("https://")
        .and_then(|host| host.strip_suffix(".tenants.example.org"))
        .is_some_and(|tenant| ["acme", "globex"].contains(&tenant))
}

#[cors(origins = ["https://admin.example.org"], origin_fn = is_tenant, methods = [GET])]
async fn tenant_data() -> &'static str {
    "tenant"
}

/// A careless predicate that says yes to everything: it still only ever sees origins
/// serialized as browsers do, and is never turned into `*`.
fn yes(_origin: &str) -> bool {
    true
}

#[cors(origin_fn = yes, methods = [GET])]
async fn careless() -> &'static str {
    "careless"
}

#[tokio::test]
async fn origin_predicates_decide_after_the_syntax_check() {
    let app = Router::new()
        .route("/tenant", get(cors_runtime::cors_handler!(tenant_data)))
        .route("/careless", get(cors_runtime::cors_handler!(careless)));
    for origin in [
        "https://acme.tenants.example.org",
        "https://globex.tenants.example.org",
        "https://admin.example.org",
    ] {
        assert_eq!(
            allowed_by("/tenant", origin, &app).await.as_deref(),
            Some(origin)
        );
    }
    for origin in [
        "https://initech.tenants.example.org",
        "https://ACME.tenants.example.org",
        "https://evil.example",
    ] {
        assert_eq!(allowed_by("/tenant", origin, &app).await, None, "{origin}");
    }
    assert_eq!(
        allowed_by("/careless", "https://any.example", &app)
            .await
            .as_deref(),
        Some("https://any.example"),
        "a predicate's yes is the request's origin, never `*`"
    );
    for origin in [
        "null",
        "https://any.example/",
        "https://ANY.example",
        "https://user@any.example",
        "*",
        "",
    ] {
        assert_eq!(
            allowed_by("/careless", origin, &app).await,
            None,
            "`{origin}` reached the predicate"
        );
    }
}

static ENVIRONMENT: Once = Once::new();

/// Sets every variable this test binary's policies read, before any of them is first read.
fn environment() {
    ENVIRONMENT.call_once(|| {
        std::env::set_var("TEST_GOOD_ORIGINS", " https://app.example.com ,https://*.preview.example.com,http://localhost:5173");
        std::env::set_var(
            "TEST_BAD_ORIGINS",
            "https://app.example.com,https://admin.example.com/,,null,http://intranet.example.com,https://*.com",
        );
    });
}

#[cors(origins_env = "TEST_GOOD_ORIGINS", methods = [GET], credentials = true)]
async fn from_environment() -> &'static str {
    "env"
}

#[cors(origins = ["https://fixed.example.com"], origins_env = "TEST_BAD_ORIGINS", methods = [GET], credentials = true)]
async fn badly_configured() -> &'static str {
    "bad"
}

#[cors(origins_env = "TEST_UNSET_ORIGINS", methods = [GET])]
async fn never_configured() -> &'static str {
    "unset"
}

#[tokio::test]
async fn origins_from_the_environment_are_read_once_and_matched_exactly() {
    environment();
    let app = Router::new().route("/", get(cors_runtime::cors_handler!(from_environment)));
    for origin in [
        "https://app.example.com",
        "https://pr-12.preview.example.com",
        "http://localhost:5173",
    ] {
        assert_eq!(allowed_by("/", origin, &app).await.as_deref(), Some(origin));
    }
    for origin in [
        "https://app.example.com.evil.net",
        "https://preview.example.com",
        "https://evil.example",
    ] {
        assert_eq!(allowed_by("/", origin, &app).await, None, "{origin}");
    }
}

#[tokio::test]
async fn a_bad_environment_admits_nothing_from_it_and_never_panics() {
    environment();
    let app = Router::new()
        .route("/bad", get(cors_runtime::cors_handler!(badly_configured)))
        .route("/unset", get(cors_runtime::cors_handler!(never_configured)));
    assert_eq!(
        allowed_by("/bad", "https://fixed.example.com", &app)
            .await
            .as_deref(),
        Some("https://fixed.example.com"),
        "the attribute's own origins still work"
    );
    let response = send(
        &app,
        request("GET", "/bad", &[("origin", "https://app.example.com")]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(cors_header_names(&response).is_empty());
    let response = send(
        &app,
        request("GET", "/unset", &[("origin", "https://app.example.com")]),
    )
    .await;
    assert!(cors_header_names(&response).is_empty());
}

#[test]
fn the_startup_check_names_every_variable_and_bad_entry() {
    environment();
    let error = cors_runtime::check_origins_from_env().expect_err("two variables are bad");
    let text = error.to_string();
    let expected = [
        "TEST_BAD_ORIGINS entry 2 `https://admin.example.com/` (read by `badly_configured`): `https://admin.example.com/` ends in `/`",
        "TEST_BAD_ORIGINS entry 3 `` (read by `badly_configured`): is empty",
        "TEST_BAD_ORIGINS entry 4 `null` (read by `badly_configured`): `\"null\"` is not a safe origin",
        "TEST_BAD_ORIGINS entry 5 `http://intranet.example.com` (read by `badly_configured`): `http://intranet.example.com` is plain http",
        "TEST_BAD_ORIGINS entry 6 `https://*.com` (read by `badly_configured`): `https://*.com` would admit every site under `com`",
        "TEST_UNSET_ORIGINS is not set (read by `never_configured`)",
    ];
    for line in expected {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
    assert!(!text.contains("TEST_GOOD_ORIGINS"), "{text}");
    assert_eq!(text.lines().count(), 1 + expected.len(), "{text}");
}

#[cors(origins = ["https://app.example.com"], methods = [PUT], preflight_status = 200, private_network = true)]
async fn device() -> &'static str {
    "device"
}

#[cors(origins = ["https://app.example.com"], methods = [PUT])]
async fn public_device() -> &'static str {
    "public"
}

#[tokio::test]
async fn preflight_status_and_private_network_are_opt_in() {
    let app = Router::new()
        .route("/device", cors_runtime::cors_route!(put(device)))
        .route("/public", cors_runtime::cors_route!(put(public_device)));
    let asks = [
        ("origin", "https://app.example.com"),
        ("access-control-request-method", "PUT"),
        ("access-control-request-private-network", "true"),
    ];
    let response = send(&app, request("OPTIONS", "/device", &asks)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        value(&response, "access-control-allow-private-network").as_deref(),
        Some("true")
    );
    assert_eq!(
        values(&response, "vary"),
        ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]
    );
    let response = send(&app, request("OPTIONS", "/device", &asks[..2])).await;
    assert_eq!(
        value(&response, "access-control-allow-private-network"),
        None,
        "not asked for"
    );

    let response = send(&app, request("OPTIONS", "/public", &asks)).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&response, "access-control-allow-private-network"),
        None,
        "not opted in"
    );
}
