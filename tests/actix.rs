//! Behaviour of `#[cors(form = actix)]` through a real actix-web `App` (`actix_web::test`):
//! exact header values, and their absence.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::dev::ServiceResponse;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{self, TestRequest};
use actix_web::{web, App, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};
use serde::{Deserialize, Serialize};

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example";
const PREFLIGHT_VARY: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

/// How many times the handlers ran, as actix-web application state.
#[derive(Default)]
struct Calls(AtomicUsize);

impl Calls {
    fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

#[derive(Deserialize, Serialize)]
struct NewUser {
    name: String,
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = [GET],
    expose_headers = ["x-request-id"],
    form = actix,
)]
async fn list_users(calls: web::Data<Calls>) -> impl Responder {
    calls.0.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok()
        .insert_header(("x-request-id", "r-1"))
        .body("[]")
}

#[cors(
    origins = ["https://app.example.com"],
    methods = [POST],
    headers = ["content-type", "x-api-key"],
    credentials = true,
    max_age = 600,
    form = actix,
)]
async fn create_user(
    calls: web::Data<Calls>,
    body: web::Json<NewUser>,
) -> Result<(String, StatusCode), actix_web::Error> {
    calls.0.fetch_add(1, Ordering::SeqCst);
    if body.name.is_empty() {
        return Err(actix_web::error::ErrorUnprocessableEntity("empty name"));
    }
    Ok((body.into_inner().name, StatusCode::CREATED))
}

#[cors(
    origins = ["https://app.example.com"],
    methods = [PATCH, DELETE],
    credentials = true,
    form = actix,
)]
async fn edit_user(id: web::Path<u32>, body: web::Json<NewUser>) -> String {
    format!("user {} is {}", id.into_inner(), body.name)
}

#[cors(origins = ["*"], methods = [GET], form = actix)]
async fn public_status() -> &'static str {
    "ok"
}

/// A handler that sets its own `Vary`, which the CORS `Vary: Origin` joins.
#[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
fn negotiated() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("vary", "accept-encoding"))
        .body("negotiated")
}

/// Needs state the app does not register: actix-web's own 500, which must stay readable.
#[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
async fn needs_unregistered_state(missing: web::Data<String>) -> String {
    missing.get_ref().clone()
}

// Two handlers on one path with one preflight: the policy lists every method of the path.
cors_policy!(ORDERS:
    origins = ["https://app.example.com"],
    methods = [GET, POST],
    headers = ["content-type"],
);

#[cors(policy = ORDERS, form = actix)]
async fn list_orders() -> &'static str {
    "[]"
}

#[cors(policy = ORDERS, form = actix)]
async fn create_order(body: web::Bytes) -> String {
    format!("{} bytes", body.len())
}

fn options() -> actix_web::Route {
    web::route().method(Method::OPTIONS)
}

/// Sends a request through the app under test, with `calls` as its state.
async fn send_with(calls: web::Data<Calls>, request: TestRequest) -> ServiceResponse {
    let app = test::init_service(
        App::new()
            .app_data(calls)
            .service(
                web::resource("/users")
                    .route(web::get().to(list_users))
                    .route(web::post().to(create_user))
                    .route(options().to(create_user::preflight)),
            )
            .service(
                web::resource("/users/{id}")
                    .route(web::patch().to(edit_user))
                    .route(web::delete().to(edit_user))
                    .route(options().to(edit_user::preflight)),
            )
            .route("/status", web::get().to(public_status))
            .route("/status", options().to(public_status::preflight))
            .route("/negotiated", web::get().to(negotiated))
            .route("/unregistered", web::get().to(needs_unregistered_state))
            .service(
                web::resource("/orders")
                    .route(web::get().to(list_orders))
                    .route(web::post().to(create_order))
                    .route(options().to(list_orders::preflight)),
            ),
    )
    .await;
    test::call_service(&app, request.to_request()).await
}

async fn send(request: TestRequest) -> ServiceResponse {
    send_with(web::Data::new(Calls::default()), request).await
}

fn request(method: Method, uri: &str, headers: &[(&str, &str)]) -> TestRequest {
    let mut request = TestRequest::default().method(method).uri(uri);
    for (name, value) in headers {
        request = request.append_header((*name, *value));
    }
    request
}

/// Every value of a header, as text.
fn values(response: &ServiceResponse, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
        .collect()
}

/// The single value of a header, or `None`; fails the test if the header is repeated.
fn value(response: &ServiceResponse, name: &str) -> Option<String> {
    let all = values(response, name);
    assert!(all.len() <= 1, "`{name}` is repeated: {all:?}");
    all.into_iter().next()
}

/// The names of every `access-control-*` header, sorted.
fn cors_header_names(response: &ServiceResponse) -> Vec<String> {
    let mut names: Vec<String> = response
        .headers()
        .keys()
        .map(|name| name.as_str().to_string())
        .filter(|name| name.starts_with("access-control-"))
        .collect();
    names.sort();
    names
}

async fn body_text(response: ServiceResponse) -> String {
    String::from_utf8_lossy(&test::read_body(response).await).into_owned()
}

#[actix_web::test]
async fn allowed_origin_gets_exact_headers_and_vary() {
    let response = send(request(Method::GET, "/users", &[("origin", ADMIN)])).await;
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
    assert_eq!(body_text(response).await, "[]");
}

#[actix_web::test]
async fn refused_origin_still_runs_the_handler_without_cors_headers() {
    let calls = web::Data::new(Calls::default());
    let request = request(Method::GET, "/users", &[("origin", EVIL)]);
    let response = send_with(calls.clone(), request).await;
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

#[actix_web::test]
async fn request_without_origin_carries_vary_for_shared_caches() {
    let response = send(request(Method::GET, "/users", &[])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(cors_header_names(&response).is_empty());
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn repeated_origin_is_refused() {
    let response = send(request(
        Method::GET,
        "/users",
        &[("origin", APP), ("origin", ADMIN)],
    ))
    .await;
    assert!(cors_header_names(&response).is_empty());
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn origin_that_only_starts_like_an_allowed_one_is_refused() {
    let response = send(request(
        Method::GET,
        "/users",
        &[("origin", "https://app.example.com.evil.net")],
    ))
    .await;
    assert!(cors_header_names(&response).is_empty());
}

#[actix_web::test]
async fn credentialed_post_gets_credentials_header() {
    let calls = web::Data::new(Calls::default());
    let request = request(Method::POST, "/users", &[("origin", APP)])
        .set_json(NewUser { name: "ada".into() });
    let response = send_with(calls.clone(), request).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(value(&response, "access-control-expose-headers"), None);
    assert_eq!(values(&response, "vary"), ["Origin"]);
    assert_eq!(body_text(response).await, "ada");
    assert_eq!(calls.count(), 1);
}

#[actix_web::test]
async fn json_rejection_is_readable_and_the_handler_does_not_run() {
    let calls = web::Data::new(Calls::default());
    let request = request(
        Method::POST,
        "/users",
        &[("origin", APP), ("content-type", "application/json")],
    )
    .set_payload("{not json");
    let response = send_with(calls.clone(), request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
    assert!(
        response.response().error().is_some(),
        "the extractor's error stays on the response for actix-web's Logger"
    );
    assert_eq!(calls.count(), 0);
}

#[actix_web::test]
async fn json_rejection_for_a_refused_origin_carries_only_vary() {
    let request = request(
        Method::POST,
        "/users",
        &[("origin", EVIL), ("content-type", "application/json")],
    )
    .set_payload("{not json");
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(cors_header_names(&response).is_empty());
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn path_rejection_is_readable() {
    let request = request(Method::PATCH, "/users/abc", &[("origin", APP)])
        .set_json(NewUser { name: "ada".into() });
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn the_first_rejection_in_argument_order_answers() {
    // Both the path and the body are wrong: the path's 404 answers, as in actix-web itself.
    let request = request(
        Method::PATCH,
        "/users/abc",
        &[("origin", APP), ("content-type", "application/json")],
    )
    .set_payload("{not json");
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[actix_web::test]
async fn err_return_is_readable() {
    let request = request(Method::POST, "/users", &[("origin", APP)]).set_json(NewUser {
        name: String::new(),
    });
    let response = send(request).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
    assert_eq!(body_text(response).await, "empty name");
}

#[actix_web::test]
async fn missing_state_is_readable() {
    let response = send(request(Method::GET, "/unregistered", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn handler_vary_is_kept_and_origin_appended_once() {
    let response = send(request(Method::GET, "/negotiated", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(values(&response, "vary"), ["accept-encoding", "Origin"]);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "negotiated");
}

#[actix_web::test]
async fn wildcard_policy_answers_star_without_vary() {
    let response = send(request(Method::GET, "/status", &[("origin", EVIL)])).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(values(&response, "vary").is_empty());
    assert_eq!(
        cors_header_names(&response),
        ["access-control-allow-origin"]
    );

    let response = send(request(Method::GET, "/status", &[])).await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert!(values(&response, "vary").is_empty());
}

#[actix_web::test]
async fn accepted_preflight_answers_204_with_every_header_and_runs_no_handler() {
    let calls = web::Data::new(Calls::default());
    let request = request(
        Method::OPTIONS,
        "/users",
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type,x-api-key"),
        ],
    );
    let response = send_with(calls.clone(), request).await;
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
    assert_eq!(calls.count(), 0);
    assert!(body_text(response).await.is_empty());
}

#[actix_web::test]
async fn refused_preflights_answer_403_without_allow_headers() {
    let cases: [&[(&str, &str)]; 4] = [
        // An origin the policy does not list.
        &[("origin", EVIL), ("access-control-request-method", "POST")],
        // A method the policy does not list.
        &[("origin", APP), ("access-control-request-method", "PUT")],
        // A header the policy does not list.
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type,x-token"),
        ],
        // Repeated origins.
        &[
            ("origin", APP),
            ("origin", ADMIN),
            ("access-control-request-method", "POST"),
        ],
    ];
    for headers in cases {
        let response = send(request(Method::OPTIONS, "/users", headers)).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(
            cors_header_names(&response).is_empty(),
            "{headers:?}: {:?}",
            response.headers()
        );
        assert_eq!(values(&response, "vary"), [PREFLIGHT_VARY], "{headers:?}");
    }
}

#[actix_web::test]
async fn lower_case_method_is_refused() {
    // `fetch(url, {method: "patch"})` sends `patch`, and method matching is case-sensitive.
    let response = send(request(
        Method::OPTIONS,
        "/users/7",
        &[("origin", APP), ("access-control-request-method", "patch")],
    ))
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&response).is_empty());

    let response = send(request(
        Method::OPTIONS,
        "/users/7",
        &[("origin", APP), ("access-control-request-method", "PATCH")],
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&response, "access-control-allow-methods").as_deref(),
        Some("PATCH, DELETE")
    );
}

#[actix_web::test]
async fn options_that_is_not_a_preflight_gets_405_with_allow_and_cors_headers() {
    let response = send(request(Method::OPTIONS, "/users", &[("origin", APP)])).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(value(&response, "allow").as_deref(), Some("POST, OPTIONS"));
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(values(&response, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn wildcard_preflight_still_needs_an_origin() {
    let response = send(request(
        Method::OPTIONS,
        "/status",
        &[("origin", EVIL), ("access-control-request-method", "GET")],
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[actix_web::test]
async fn handlers_sharing_a_policy_share_one_preflight() {
    let response = send(request(
        Method::OPTIONS,
        "/orders",
        &[
            ("origin", APP),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
    ))
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&response, "access-control-allow-methods").as_deref(),
        Some("GET, POST")
    );
    assert_eq!(
        value(&response, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );

    let response =
        send(request(Method::POST, "/orders", &[("origin", APP)]).set_payload("four")).await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(response).await, "4 bytes");
}

/// An associated actix-web handler, in an impl block marked `#[cors]`.
struct Reports;

#[cors]
impl Reports {
    #[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
    async fn latest(id: web::Path<u32>) -> String {
        Self::title(id.into_inner())
    }

    fn title(id: u32) -> String {
        format!("report {id}")
    }
}

#[actix_web::test]
async fn an_associated_handler_answers_with_its_policy() {
    let app = test::init_service(
        App::new().service(
            web::resource("/reports/{id}")
                .route(web::get().to(Reports::latest))
                .route(web::route().method(Method::OPTIONS).to(latest::preflight)),
        ),
    )
    .await;
    let actual = test::call_service(
        &app,
        request(Method::GET, "/reports/3", &[("origin", APP)]).to_request(),
    )
    .await;
    assert_eq!(
        value(&actual, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(body_text(actual).await, "report 3");

    let preflight = test::call_service(
        &app,
        request(
            Method::OPTIONS,
            "/reports/3",
            &[("origin", APP), ("access-control-request-method", "GET")],
        )
        .to_request(),
    )
    .await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&preflight, "access-control-allow-methods").as_deref(),
        Some("GET")
    );
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = [GET],
    expose_headers = ["x-request-id"],
    credentials = true,
    form = actix,
)]
async fn counted_with_cors() -> &'static str {
    "[]"
}

async fn counted_without_cors() -> &'static str {
    "[]"
}

/// Heap blocks this thread allocates in `work`: the fewest of five counts, each after one run of
/// its own. actix-web pools its request objects, so a count depends on what the run before left
/// in the pool.
fn fewest_blocks(work: &mut dyn FnMut()) -> u64 {
    (0..5)
        .map(|_| {
            work();
            allocation_counter::measure(&mut *work).count_total
        })
        .min()
        .unwrap_or(u64::MAX)
}

/// Issue 5: CORS adds no heap allocation to an actual request, allowed or not. The `Origin` is
/// matched on actix-web's own bytes, and the answer shares the policy's or the request's.
/// Counted per thread (`allocation-counter`) over one request through an `App`.
#[test]
fn an_actual_request_allocates_what_it_would_without_cors() {
    let system = actix_web::rt::System::new();
    let with_cors = system.block_on(test::init_service(
        App::new().route("/", web::get().to(counted_with_cors)),
    ));
    let without_cors = system.block_on(test::init_service(
        App::new().route("/", web::get().to(counted_without_cors)),
    ));
    for (origin, allowed) in [(APP, true), (EVIL, false)] {
        let mut with = || {
            let request = TestRequest::get()
                .uri("/")
                .insert_header(("origin", origin));
            let response = system.block_on(test::call_service(&with_cors, request.to_request()));
            assert_eq!(
                response
                    .headers()
                    .contains_key("access-control-allow-origin"),
                allowed
            );
        };
        let mut without = || {
            let request = TestRequest::get()
                .uri("/")
                .insert_header(("origin", origin));
            let response = system.block_on(test::call_service(&without_cors, request.to_request()));
            assert_eq!(response.status(), StatusCode::OK);
        };
        let blocks_with = fewest_blocks(&mut with);
        let blocks_without = fewest_blocks(&mut without);
        assert!(blocks_without > 0, "the count sees actix-web's own blocks");
        assert_eq!(
            blocks_with, blocks_without,
            "from {origin}: {blocks_with} blocks with #[cors], {blocks_without} without"
        );
    }
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = [GET, PUT],
    headers = ["content-type", "x-api-key"],
    credentials = true,
    max_age = 600,
    form = actix,
)]
async fn counted_preflights() -> &'static str {
    "[]"
}

/// What an accepted preflight of `counted_preflights` answers, written by hand from static
/// values: the allocations a response with these headers needs.
async fn six_static_headers() -> HttpResponse {
    use actix_web::http::header::{self, HeaderValue};

    let mut response = HttpResponse::new(StatusCode::NO_CONTENT);
    for (name, value) in [
        (header::VARY, PREFLIGHT_VARY),
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, APP),
        (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, PUT"),
        (
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            "content-type, x-api-key",
        ),
        (header::ACCESS_CONTROL_ALLOW_CREDENTIALS, "true"),
        (header::ACCESS_CONTROL_MAX_AGE, "600"),
    ] {
        response
            .headers_mut()
            .insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Issue 5: a preflight's answer allocates only what its own header map needs. The request's
/// CORS headers are read in place, and the answer's values share the policy's bytes (or the
/// request's `Origin`), so answering costs what a handler writing the same six static headers
/// does; a refusal, which writes one, no more.
#[test]
fn a_preflight_allocates_what_writing_its_headers_does() {
    let system = actix_web::rt::System::new();
    let with_cors = system.block_on(test::init_service(
        App::new()
            .route("/", web::get().to(counted_preflights))
            .route(
                "/",
                web::method(Method::OPTIONS).to(counted_preflights::preflight),
            ),
    ));
    let by_hand = system.block_on(test::init_service(
        App::new()
            .route("/", web::get().to(counted_preflights))
            .route("/", web::method(Method::OPTIONS).to(six_static_headers)),
    ));
    let preflight = |origin: &'static str| {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/")
            .insert_header(("origin", origin))
            .insert_header(("access-control-request-method", "PUT"))
            .insert_header(("access-control-request-headers", "content-type, x-api-key"))
            .to_request()
    };
    let mut written = || {
        let response = system.block_on(test::call_service(&by_hand, preflight(APP)));
        assert_eq!(response.headers().len(), 6);
    };
    let blocks_by_hand = fewest_blocks(&mut written);
    assert!(blocks_by_hand > 0, "the count sees actix-web's own blocks");
    for (origin, status, headers) in [
        (APP, StatusCode::NO_CONTENT, 6),
        (EVIL, StatusCode::FORBIDDEN, 1),
    ] {
        let mut answered = || {
            let response = system.block_on(test::call_service(&with_cors, preflight(origin)));
            assert_eq!(response.status(), status);
            assert_eq!(
                response.headers().len(),
                headers,
                "{:?}",
                response.headers()
            );
        };
        let blocks = fewest_blocks(&mut answered);
        assert!(
            blocks <= blocks_by_hand,
            "from {origin}: {blocks} blocks, {blocks_by_hand} writing the headers by hand"
        );
    }
}
