//! Behaviour through a real axum `Router`: exact header values, and their absence.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use cors_runtime::{cors, cors_handler, cors_route, preflight};
use cors_tests::{body_text, cors_header_names, request, request_with_body, send, value, values};
use serde::Deserialize;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

#[derive(Clone, Default)]
struct Calls(Arc<AtomicUsize>);

impl Calls {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Deserialize)]
struct NewUser {
    name: String,
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = [GET],
    expose_headers = ["x-request-id"],
)]
async fn list_users(State(calls): State<Calls>) -> impl IntoResponse {
    calls.0.fetch_add(1, Ordering::SeqCst);
    ([("x-request-id", "r-1")], "[]")
}

type Refusal = (StatusCode, &'static str);

#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    headers = ["content-type", "x-api-key"],
    credentials = true,
    max_age = 600,
)]
async fn create_user(
    State(calls): State<Calls>,
    Json(body): Json<NewUser>,
) -> Result<(StatusCode, String), Refusal> {
    calls.0.fetch_add(1, Ordering::SeqCst);
    if body.name.is_empty() {
        return Err((StatusCode::UNPROCESSABLE_ENTITY, "empty name"));
    }
    Ok((StatusCode::CREATED, body.name))
}

#[cors(origins = ["*"], methods = [GET])]
async fn public_status() -> &'static str {
    "ok"
}

#[cors(origins = ["https://app.example.com"], methods = [PATCH, DELETE], credentials = true)]
async fn edit_user(Path(id): Path<u32>) -> String {
    format!("user {id}")
}

fn users_router(calls: Calls) -> Router {
    Router::new()
        .route("/users", cors_route!(get(list_users), post(create_user)))
        .route(
            "/users/{id}",
            cors_route!(patch(edit_user), delete(edit_user)),
        )
        .route("/status", cors_route!(get(public_status)))
        .with_state(calls)
}

fn router() -> Router {
    users_router(Calls::default())
}

#[tokio::test]
async fn allowed_origin_gets_exact_headers_and_vary() {
    let response = send(&router(), request("GET", "/users", &[("origin", ADMIN)])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(ADMIN)
    );
    assert_eq!(
        value(&response, "access-control-expose-headers").as_deref(),
        Some("x-request-id")
    );
    assert_eq!(value(&response, "access-control-allow-credentials"), None);
    assert_eq!(values(&response, "vary"), ["Origin"]);
    assert_eq!(value(&response, "x-request-id").as_deref(), Some("r-1"));
}

#[tokio::test]
async fn refused_origin_still_runs_the_handler_without_cors_headers() {
    let calls = Calls::default();
    let app = users_router(calls.clone());
    let response = send(
        &app,
        request("GET", "/users", &[("origin", "https://evil.example")]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        calls.count(),
        1,
        "CORS protects reading, not the request itself"
    );
    assert!(
        cors_header_names(&response).is_empty(),
        "{:?}",
        response.headers()
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
    assert_eq!(body_text(response).await, "[]");
}

#[tokio::test]
async fn request_without_origin_carries_vary_for_shared_caches() {
    let response = send(&router(), request("GET", "/users", &[])).await;
    assert!(cors_header_names(&response).is_empty());
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[tokio::test]
async fn look_alike_origins_are_refused() {
    for origin in [
        "https://app.example.com.evil.net",
        "https://evilapp.example.com",
        "https://app.example.co",
        "https://app.example.comm",
        "http://app.example.com",
        "https://APP.example.com",
        "https://app.example.com/",
        "https://app.example.com:443",
        "https://app.example.com:8443",
        "null",
        "",
        " https://app.example.com",
        "https://app.example.com ",
        "https://app_example.com",
        "https://app.example.com%60.evil.net",
    ] {
        let response = send(&router(), request("GET", "/users", &[("origin", origin)])).await;
        assert!(
            cors_header_names(&response).is_empty(),
            "`{origin}` was allowed: {:?}",
            response.headers()
        );
        assert_eq!(values(&response, "vary"), ["Origin"], "`{origin}`");
    }
}

#[tokio::test]
async fn repeated_or_non_utf8_origin_is_refused_without_panicking() {
    let mut repeated = request("GET", "/users", &[("origin", APP)]);
    repeated
        .headers_mut()
        .append("origin", APP.parse().expect("valid"));
    let response = send(&router(), repeated).await;
    assert!(cors_header_names(&response).is_empty());

    let mut binary = request("GET", "/users", &[]);
    binary.headers_mut().insert(
        "origin",
        http::HeaderValue::from_bytes(b"https://app.example.com\xff").expect("obs-text is allowed"),
    );
    let response = send(&router(), binary).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(cors_header_names(&response).is_empty());

    let huge = format!("https://{}.example.com", "a".repeat(64 * 1024));
    let response = send(&router(), request("GET", "/users", &[("origin", &huge)])).await;
    assert!(cors_header_names(&response).is_empty());
}

#[tokio::test]
async fn wildcard_policy_sends_star_without_vary() {
    for headers in [&[("origin", "https://anyone.example")][..], &[]] {
        let response = send(&router(), request("GET", "/status", headers)).await;
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some("*")
        );
        assert!(values(&response, "vary").is_empty());
        assert_eq!(value(&response, "access-control-allow-credentials"), None);
    }
}

#[tokio::test]
async fn accepted_preflight_is_204_with_every_header() {
    let calls = Calls::default();
    let app = users_router(calls.clone());
    let response = send(
        &app,
        request(
            "OPTIONS",
            "/users",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,x-api-key"),
            ],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-methods").as_deref(),
        Some("POST")
    );
    assert_eq!(
        value(&response, "access-control-allow-headers").as_deref(),
        Some("content-type, x-api-key")
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        value(&response, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(values(&response, "vary"), [PREFLIGHT_VARY]);
    assert_eq!(calls.count(), 0, "a preflight never runs the handler");
}

async fn preflight_response(path: &str, headers: &[(&str, &str)]) -> http::Response<Body> {
    send(&router(), request("OPTIONS", path, headers)).await
}

fn assert_refused(response: &http::Response<Body>, case: &str) {
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "{case}");
    assert!(
        cors_header_names(response).is_empty(),
        "{case}: {:?}",
        response.headers()
    );
    assert_eq!(values(response, "vary"), [PREFLIGHT_VARY], "{case}");
}

#[tokio::test]
async fn refused_preflights_are_403_without_allow_headers() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "origin not allowed",
            &[
                ("origin", "https://evil.example"),
                ("access-control-request-method", "POST"),
            ],
        ),
        (
            "origin allowed by the GET policy only",
            &[("origin", ADMIN), ("access-control-request-method", "POST")],
        ),
        (
            "method not allowed",
            &[("origin", APP), ("access-control-request-method", "PUT")],
        ),
        (
            "lower-case method",
            &[("origin", APP), ("access-control-request-method", "post")],
        ),
        (
            "header not allowed",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type,x-token"),
            ],
        ),
        (
            "authorization not listed",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "authorization"),
            ],
        ),
    ];
    for (case, headers) in cases {
        assert_refused(&preflight_response("/users", headers).await, case);
    }
}

#[tokio::test]
async fn methods_match_case_sensitively() {
    let upper = preflight_response(
        "/users/7",
        &[("origin", APP), ("access-control-request-method", "PATCH")],
    )
    .await;
    assert_eq!(upper.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&upper, "access-control-allow-methods").as_deref(),
        Some("PATCH, DELETE")
    );
    let lower = preflight_response(
        "/users/7",
        &[("origin", APP), ("access-control-request-method", "patch")],
    )
    .await;
    assert_refused(&lower, "fetch(url, {method: 'patch'}) asks for `patch`");
}

#[tokio::test]
async fn requested_headers_are_parsed_leniently() {
    let mut request = request(
        "OPTIONS",
        "/users",
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                " X-Api-Key ,, Content-Type\t",
            ),
        ],
    );
    request.headers_mut().append(
        "access-control-request-headers",
        "x-api-key".parse().expect("valid"),
    );
    let response = send(&router(), request).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_hostile_request_headers_list_is_refused() {
    let commas = ",".repeat(10_000);
    let names = vec!["content-type"; 10_000].join(",");
    for hostile in [commas, names] {
        let response = preflight_response(
            "/users",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", &hostile),
            ],
        )
        .await;
        assert_refused(&response, "10,000 entries");
    }
}

#[tokio::test]
async fn options_without_request_method_is_not_a_preflight() {
    let response = preflight_response("/users", &[("origin", APP)]).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        value(&response, "allow").as_deref(),
        Some("GET, HEAD, POST, OPTIONS")
    );
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(value(&response, "access-control-allow-methods"), None);

    let response = preflight_response("/users/7", &[("origin", APP)]).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        value(&response, "allow").as_deref(),
        Some("PATCH, DELETE, OPTIONS")
    );
}

#[tokio::test]
async fn unrouted_method_gets_a_405_the_page_can_read() {
    let response = send(&router(), request("PUT", "/users", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        value(&response, "allow").as_deref(),
        Some("GET, HEAD, POST, OPTIONS")
    );
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);

    let response = send(
        &router(),
        request("PUT", "/users", &[("origin", "https://evil.example")]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(cors_header_names(&response).is_empty());
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

/// `cors_route!` with one handler: the handler on its method (and `HEAD` with `GET`), its own
/// preflight on `OPTIONS`, and its policy's `405` for any other method.
#[tokio::test]
async fn cors_route_with_one_handler_routes_it_its_preflight_and_a_readable_405() {
    let app = Router::new().route("/page", cors_route!(get(head_aware)));
    for method in ["GET", "HEAD"] {
        let response = send(&app, request(method, "/page", &[("origin", APP)])).await;
        assert_eq!(response.status(), StatusCode::OK, "{method}");
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{method}"
        );
    }

    let preflight = send(
        &app,
        request(
            "OPTIONS",
            "/page",
            &[("origin", APP), ("access-control-request-method", "GET")],
        ),
    )
    .await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&preflight, "access-control-allow-methods").as_deref(),
        Some("GET")
    );
    assert_eq!(values(&preflight, "vary"), [PREFLIGHT_VARY]);
    let refused = send(
        &app,
        request(
            "OPTIONS",
            "/page",
            &[("origin", APP), ("access-control-request-method", "DELETE")],
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&refused).is_empty());

    for (method, headers) in [
        ("DELETE", &[("origin", APP)][..]),
        ("OPTIONS", &[("origin", APP)][..]),
    ] {
        let response = send(&app, request(method, "/page", headers)).await;
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(
            value(&response, "allow").as_deref(),
            Some("GET, HEAD, OPTIONS"),
            "{method}"
        );
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{method}"
        );
        assert_eq!(values(&response, "vary"), ["Origin"], "{method}");
    }
    let response = send(
        &app,
        request("DELETE", "/page", &[("origin", "https://evil.example")]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(cors_header_names(&response).is_empty());
}

#[tokio::test]
async fn extractor_rejections_and_errors_carry_cors_headers() {
    let app = router();
    let bad_json = request_with_body(
        "POST",
        "/users",
        &[("origin", APP), ("content-type", "application/json")],
        Body::from("{\"name\":"),
    );
    let response = send(&app, bad_json).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );

    let missing_content_type =
        request_with_body("POST", "/users", &[("origin", APP)], Body::from("{}"));
    let response = send(&app, missing_content_type).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );

    let bad_path = send(&app, request("PATCH", "/users/abc", &[("origin", APP)])).await;
    assert_eq!(bad_path.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        value(&bad_path, "access-control-allow-origin").as_deref(),
        Some(APP)
    );

    let error = request_with_body(
        "POST",
        "/users",
        &[("origin", APP), ("content-type", "application/json")],
        Body::from("{\"name\":\"\"}"),
    );
    let response = send(&app, error).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "empty name");

    let created = request_with_body(
        "POST",
        "/users",
        &[("origin", APP), ("content-type", "application/json")],
        Body::from("{\"name\":\"ada\"}"),
    );
    let response = send(&app, created).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "ada");
}

/// Rejects requests without `authorization`, as an auth extractor would.
struct Authorized;

impl<S: Send + Sync> FromRequestParts<S> for Authorized {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.headers.get("authorization") {
            Some(_) => Ok(Authorized),
            None => Err((StatusCode::UNAUTHORIZED, "log in first")),
        }
    }
}

/// Counts how often a body extractor runs.
struct CountedBody;

static BODY_READS: AtomicUsize = AtomicUsize::new(0);

impl<S: Send + Sync> FromRequest<S> for CountedBody {
    type Rejection = StatusCode;

    async fn from_request(_request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        BODY_READS.fetch_add(1, Ordering::SeqCst);
        Ok(CountedBody)
    }
}

#[cors(origins = ["https://app.example.com"], methods = [POST], credentials = true)]
async fn upload(_auth: Authorized, _body: CountedBody) -> &'static str {
    "stored"
}

#[tokio::test]
async fn a_rejection_stops_later_extractors_and_stays_readable() {
    let app = Router::new().route(
        "/upload",
        axum::routing::post(cors_runtime::cors_handler!(upload)),
    );
    let response = send(&app, request("POST", "/upload", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "log in first");
    assert_eq!(
        BODY_READS.load(Ordering::SeqCst),
        0,
        "the body extractor ran after a rejection"
    );

    let response = send(
        &app,
        request(
            "POST",
            "/upload",
            &[("origin", APP), ("authorization", "Bearer t")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(BODY_READS.load(Ordering::SeqCst), 1);
}

#[cors(origins = ["https://app.example.com"], methods = [POST], credentials = true)]
async fn guarded(Path(id): Path<u32>, _auth: Authorized, body: String) -> String {
    format!("stored {id}: {body}")
}

#[tokio::test]
async fn a_later_extractors_rejection_carries_cors_headers_too() {
    // The first extractor (the path) answers its own rejection; a later one (`Authorized`) is
    // answered by the generated handler. Both carry the CORS headers.
    let app = Router::new().route(
        "/guarded/{id}",
        axum::routing::post(cors_runtime::cors_handler!(guarded)),
    );
    let response = send(&app, request("POST", "/guarded/7", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
    assert_eq!(body_text(response).await, "log in first");

    let response = send(&app, request("POST", "/guarded/x", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);

    let refused = request("POST", "/guarded/7", &[("origin", "https://evil.example")]);
    let response = send(&app, refused).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(cors_header_names(&response).is_empty());
    assert_eq!(values(&response, "vary"), ["Origin"]);

    let allowed = request_with_body(
        "POST",
        "/guarded/7",
        &[("origin", APP), ("authorization", "Bearer t")],
        Body::from("note"),
    );
    let response = send(&app, allowed).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "stored 7: note");
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn cached_page() -> impl IntoResponse {
    ([("vary", "accept-encoding, Origin")], "page")
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn negotiated() -> impl IntoResponse {
    ([("vary", "accept-language")], "page")
}

#[tokio::test]
async fn vary_is_appended_never_overwritten_or_repeated() {
    let app = Router::new()
        .route("/cached", get(cors_runtime::cors_handler!(cached_page)))
        .route("/negotiated", get(cors_runtime::cors_handler!(negotiated)));
    let response = send(&app, request("GET", "/cached", &[("origin", APP)])).await;
    assert_eq!(values(&response, "vary"), ["accept-encoding, Origin"]);
    let response = send(&app, request("GET", "/negotiated", &[("origin", APP)])).await;
    assert_eq!(values(&response, "vary"), ["accept-language", "Origin"]);
}

#[cors(origins = ["https://app.example.com"], methods = [GET], module = report_cors)]
async fn report() -> &'static str {
    "report"
}

#[cors(origins = ["https://app.example.com"], methods = [GET], module = false)]
async fn hidden_module() -> &'static str {
    "hidden"
}

#[tokio::test]
async fn the_companion_module_can_be_renamed_or_hidden() {
    assert_eq!(report_cors::CORS.origins(), [APP]);
    let app = Router::new()
        .route("/report", cors_route!(get(report, module = report_cors)))
        .route("/hidden", get(hidden_module));
    let response = send(
        &app,
        request(
            "OPTIONS",
            "/report",
            &[("origin", APP), ("access-control-request-method", "GET")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let response = send(&app, request("GET", "/hidden", &[("origin", APP)])).await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn head_aware() -> &'static str {
    "body"
}

#[tokio::test]
async fn head_requests_get_the_get_policy() {
    let app = Router::new().route("/page", cors_route!(get(head_aware)));
    let response = send(&app, request("HEAD", "/page", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    let response = send(
        &app,
        request(
            "OPTIONS",
            "/page",
            &[("origin", APP), ("access-control-request-method", "HEAD")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn read_items(Path(id): Path<u32>) -> String {
    format!("item {id}")
}

#[cors(origins = ["https://admin.example.com"], methods = [PUT, DELETE], headers = ["content-type"])]
async fn write_items(Path(id): Path<u32>) -> String {
    format!("wrote {id}")
}

#[tokio::test]
async fn preflight_macro_picks_the_policy_by_requested_method() {
    let app = Router::new().route(
        "/items/{id}",
        get(cors_handler!(read_items))
            .put(cors_handler!(write_items))
            .delete(cors_handler!(write_items))
            .options(preflight!(read_items, write_items)),
    );
    let admin_put = send(
        &app,
        request(
            "OPTIONS",
            "/items/1",
            &[
                ("origin", ADMIN),
                ("access-control-request-method", "PUT"),
                ("access-control-request-headers", "content-type"),
            ],
        ),
    )
    .await;
    assert_eq!(admin_put.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&admin_put, "access-control-allow-methods").as_deref(),
        Some("PUT, DELETE")
    );
    assert_eq!(
        value(&admin_put, "access-control-allow-origin").as_deref(),
        Some(ADMIN)
    );

    let app_put = send(
        &app,
        request(
            "OPTIONS",
            "/items/1",
            &[("origin", APP), ("access-control-request-method", "PUT")],
        ),
    )
    .await;
    assert_refused(&app_put, "the PUT policy does not allow the app");

    let app_get = send(
        &app,
        request(
            "OPTIONS",
            "/items/1",
            &[("origin", APP), ("access-control-request-method", "GET")],
        ),
    )
    .await;
    assert_eq!(app_get.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&app_get, "access-control-allow-methods").as_deref(),
        Some("GET")
    );

    let plain_options = send(&app, request("OPTIONS", "/items/1", &[])).await;
    assert_eq!(plain_options.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        value(&plain_options, "allow").as_deref(),
        Some("GET, HEAD, PUT, DELETE, OPTIONS")
    );
}

// Policies whose methods their companion module writes out, as the method set cannot say them:
// another order than the set's, and methods outside it.
#[cors(origins = ["https://app.example.com"], methods = [POST, GET])]
async fn ordered_methods() -> &'static str {
    "ordered"
}

#[cors(origins = ["https://admin.example.com"], methods = [PURGE, "M-SEARCH"])]
async fn custom_methods() -> &'static str {
    "custom"
}

#[tokio::test]
async fn preflight_macro_reads_methods_the_method_set_cannot_say() {
    let app = Router::new().route(
        "/cache",
        get(cors_handler!(ordered_methods))
            .post(cors_handler!(ordered_methods))
            .options(preflight!(ordered_methods, custom_methods)),
    );
    let plain_options = send(&app, request("OPTIONS", "/cache", &[])).await;
    assert_eq!(plain_options.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        value(&plain_options, "allow").as_deref(),
        Some("POST, GET, HEAD, PURGE, M-SEARCH, OPTIONS")
    );

    let purge = send(
        &app,
        request(
            "OPTIONS",
            "/cache",
            &[
                ("origin", ADMIN),
                ("access-control-request-method", "PURGE"),
            ],
        ),
    )
    .await;
    assert_eq!(purge.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&purge, "access-control-allow-origin").as_deref(),
        Some(ADMIN)
    );
    assert_eq!(
        value(&purge, "access-control-allow-methods").as_deref(),
        Some("PURGE, M-SEARCH")
    );

    let post = send(
        &app,
        request(
            "OPTIONS",
            "/cache",
            &[("origin", APP), ("access-control-request-method", "POST")],
        ),
    )
    .await;
    assert_eq!(post.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&post, "access-control-allow-methods").as_deref(),
        Some("POST, GET")
    );
}

#[derive(Clone)]
struct Greeting(&'static str);

trait Greeter: Clone + Send + Sync + 'static {
    fn greet(&self) -> &'static str;
}

impl Greeter for Greeting {
    fn greet(&self) -> &'static str {
        self.0
    }
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
async fn generic_handler<G>(State(greeter): State<G>) -> String
where
    G: Greeter,
{
    greeter.greet().to_string()
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
#[axum::debug_handler]
async fn debugged(State(greeter): State<Greeting>) -> String {
    greeter.0.to_string()
}

#[cors(origins = ["https://app.example.com"], methods = [GET])]
fn synchronous() -> &'static str {
    "sync"
}

#[tokio::test]
async fn generics_debug_handler_and_sync_functions_work() {
    let app = Router::new()
        .route(
            "/generic",
            get(cors_runtime::cors_handler!(generic_handler::<Greeting>)),
        )
        .route("/debugged", get(cors_runtime::cors_handler!(debugged)))
        .route("/sync", get(synchronous))
        .with_state(Greeting("hello"));
    for (path, body) in [
        ("/generic", "hello"),
        ("/debugged", "hello"),
        ("/sync", "sync"),
    ] {
        let response = send(&app, request("GET", path, &[("origin", APP)])).await;
        assert_eq!(
            value(&response, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );
        assert_eq!(body_text(response).await, body, "{path}");
    }
}

#[cors(
    origins = [
        "https://a1.example.com",
        "https://a2.example.com",
        "https://b1.example.com",
        "http://a1.example.com",
        "https://a1.example.co",
        "https://a1.example.com:8443",
        "https://a1.example.com:8444",
        "https://example.com",
        "https://xample.com",
        "http://localhost:5173",
        "http://127.0.0.1:5173",
        "http://[::1]:5173",
    ],
    methods = [GET],
)]
async fn many_origins() {}

#[test]
fn the_compiled_origin_check_admits_exactly_its_origins() {
    let allowed = many_origins::CORS.origins();
    let check = |origin: &[u8]| {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "origin",
            http::HeaderValue::from_bytes(origin).expect("no control bytes"),
        );
        many_origins::CORS.allowed_origin(&headers)
    };
    for origin in allowed {
        let matched = check(origin.as_bytes());
        assert_eq!(
            matched.as_ref().map(http::HeaderValue::as_bytes),
            Some(origin.as_bytes())
        );
        // Every one-byte change, and every truncation or extension, is refused unless it
        // happens to be another allowed origin.
        for position in 0..origin.len() {
            for replacement in [b'a', b'1', b'.', b':', b'/', b'X', 0x80] {
                let mut changed = origin.as_bytes().to_vec();
                changed[position] = replacement;
                let expected = allowed.iter().any(|other| other.as_bytes() == changed);
                assert_eq!(
                    check(&changed).is_some(),
                    expected,
                    "{}",
                    String::from_utf8_lossy(&changed)
                );
            }
            let truncated = &origin.as_bytes()[..position];
            if !truncated.is_empty() {
                let expected = allowed.iter().any(|other| other.as_bytes() == truncated);
                assert_eq!(
                    check(truncated).is_some(),
                    expected,
                    "{}",
                    String::from_utf8_lossy(truncated)
                );
            }
        }
        let extended = format!("{origin}.evil.net");
        assert!(check(extended.as_bytes()).is_none(), "{extended}");
    }
}
