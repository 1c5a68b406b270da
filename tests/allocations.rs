//! Heap allocations per request, counted per thread by `allocation-counter` (whose global
//! allocator counts what the calling thread allocates, so the test harness and tests running in
//! parallel never change a measurement). CORS must add none to an actual request whose response
//! already has room for its headers, and a preflight answer allocates only its own header map.
//! A reallocation counts as one more allocation.

use axum::body::Body;
use axum::routing::get;
use axum::Router;
use cors_runtime::cors;
use cors_tests::{request, send};
use http::HeaderMap;

/// Heap blocks this thread allocated while `work` ran (after one warm-up run).
fn blocks_allocated(mut work: impl FnMut()) -> u64 {
    work();
    allocation_counter::measure(work).count_total
}

#[cors(
    origins = ["https://one.example.com", "https://two.example.com", "https://app.example.com"],
    methods = [GET, POST],
    headers = ["content-type", "x-api-key"],
    expose_headers = ["x-request-id"],
    credentials = true,
    max_age = 600,
)]
async fn with_cors() -> &'static str {
    "[]"
}

async fn without_cors() -> &'static str {
    "[]"
}

fn request_headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, http::HeaderValue::from_static(value));
    }
    headers
}

#[test]
fn applying_actual_request_headers_allocates_nothing() {
    let request = request_headers(&[("origin", "https://app.example.com")]);
    let mut response = HeaderMap::with_capacity(8);
    let blocks = blocks_allocated(|| {
        response.clear();
        response.insert(
            "content-type",
            http::HeaderValue::from_static("application/json"),
        );
        let origin = with_cors::CORS.allowed_origin(&request);
        with_cors::CORS.apply(origin, &mut response);
    });
    assert_eq!(response.len(), 5, "{response:?}");
    assert_eq!(blocks, 0);

    let refused = request_headers(&[("origin", "https://evil.example.com")]);
    let blocks = blocks_allocated(|| {
        response.clear();
        let origin = with_cors::CORS.allowed_origin(&refused);
        with_cors::CORS.apply(origin, &mut response);
    });
    assert_eq!(blocks, 0);
}

#[test]
fn the_generated_handler_adds_no_allocation_through_a_router() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let cors_app = Router::new().route("/", cors_runtime::cors_route!(get(with_cors)));
    let plain_app = Router::new().route("/", get(without_cors));
    let measure = |app: &Router| {
        blocks_allocated(|| {
            let request = request("GET", "/", &[("origin", "https://app.example.com")]);
            let response = runtime.block_on(send(app, request));
            assert_eq!(response.status(), 200);
        })
    };
    let plain = measure(&plain_app);
    assert!(
        plain > 0,
        "the measurement sees the router's own allocations"
    );
    let with_cors = measure(&cors_app);
    assert_eq!(
        with_cors, plain,
        "the #[cors] handler allocated {with_cors} blocks, the plain one {plain}"
    );
}

#[test]
fn a_preflight_answer_allocates_only_its_header_map() {
    let accepted = request_headers(&[
        ("origin", "https://app.example.com"),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type,x-api-key"),
    ]);
    let blocks = blocks_allocated(|| {
        let response = with_cors::CORS.preflight(&accepted).into_response::<Body>();
        assert_eq!(response.status(), 204);
    });
    // http's HeaderMap allocates its index table and its entry vector: two blocks.
    assert_eq!(blocks, 2);

    let hostile: &'static str = Box::leak(vec!["content-type"; 10_000].join(",").into_boxed_str());
    let hostile = request_headers(&[
        ("origin", "https://app.example.com"),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", hostile),
    ]);
    let blocks = blocks_allocated(|| {
        let response = with_cors::CORS.preflight(&hostile).into_response::<Body>();
        assert_eq!(response.status(), 403);
    });
    assert!(blocks <= 2, "a 10,000-entry list allocated {blocks} blocks");
}

#[test]
fn a_preflight_answered_in_the_request_s_header_map_allocates_nothing() {
    let accepted = || {
        request_headers(&[
            ("origin", "https://app.example.com"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type,x-api-key"),
            ("cookie", "session=1"),
        ])
    };
    let request_alone = blocks_allocated(|| drop(accepted()));
    assert_eq!(request_alone, 2, "the request's own header map");
    let answered = blocks_allocated(|| {
        let headers = accepted();
        let outcome = with_cors::CORS.preflight(&headers);
        let response = outcome.into_response_in::<Body>(headers);
        assert_eq!(response.status(), 204);
        // Vary, -Allow-Origin, -Methods, -Headers, -Credentials, -Max-Age; no request header.
        assert_eq!(response.headers().len(), 6, "{response:?}");
        assert!(response.headers().get("cookie").is_none());
    });
    assert_eq!(answered, request_alone);

    let refused = || {
        request_headers(&[
            ("origin", "https://evil.example.com"),
            ("access-control-request-method", "POST"),
        ])
    };
    let request_alone = blocks_allocated(|| drop(refused()));
    let answered = blocks_allocated(|| {
        let headers = refused();
        let outcome = with_cors::CORS.preflight(&headers);
        let response = outcome.into_response_in::<Body>(headers);
        assert_eq!(response.status(), 403);
        assert_eq!(response.headers().len(), 1, "{response:?}");
    });
    assert_eq!(answered, request_alone);
}

#[test]
fn the_generated_preflight_handler_allocates_no_more_than_an_empty_answer_through_a_router() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let cors_app = Router::new().route("/", cors_runtime::cors_route!(get(with_cors)));
    // The same route answering OPTIONS with an empty 204 of its own, no CORS.
    let plain_app = Router::new().route(
        "/",
        get(without_cors).options(|| async { http::StatusCode::NO_CONTENT }),
    );
    let measure = |app: &Router| {
        blocks_allocated(|| {
            let request = request(
                "OPTIONS",
                "/",
                &[
                    ("origin", "https://app.example.com"),
                    ("access-control-request-method", "POST"),
                    ("access-control-request-headers", "content-type,x-api-key"),
                ],
            );
            let response = runtime.block_on(send(app, request));
            assert_eq!(response.status(), 204);
        })
    };
    let plain = measure(&plain_app);
    let with_cors = measure(&cors_app);
    assert_eq!(
        with_cors, plain,
        "the preflight handler allocated {with_cors} blocks, an empty answer {plain}"
    );
}

/// Policies of their own, used by no other test, so that their first use happens in
/// [`a_policy_allocates_nothing_on_first_use_unless_it_lists_many_origins`].
#[cors(
    origins = ["https://one.example.com", "https://*.example.org"],
    methods = [GET, POST],
    headers = ["content-type", "x-api-key"],
    credentials = true,
)]
async fn first_use_few() -> &'static str {
    "[]"
}

#[cors(
    origins = [
        "https://one.example.com",
        "https://two.example.com",
        "https://three.example.com",
        "https://four.example.com",
        "https://five.example.com",
    ],
    methods = [GET],
)]
async fn first_use_many() -> &'static str {
    "[]"
}

#[test]
fn a_policy_allocates_nothing_on_first_use_unless_it_lists_many_origins() {
    let request = request_headers(&[("origin", "https://one.example.com")]);
    let mut response = HeaderMap::with_capacity(8);
    let mut answer = |policy: &cors_runtime::Policy| {
        response.clear();
        let origin = policy.allowed_origin(&request);
        assert!(origin.is_some());
        policy.apply(origin, &mut response);
    };
    // The policy keeps its lists in place (up to four exact origins and patterns, sixteen names
    // of each other kind): its first use allocates nothing.
    let first = allocation_counter::measure(|| answer(&first_use_few::CORS)).count_total;
    assert_eq!(first, 0);
    // Five or more exact origins are kept in one heap block, made on the first use.
    let first = allocation_counter::measure(|| answer(&first_use_many::CORS)).count_total;
    assert_eq!(first, 1);
    let later = allocation_counter::measure(|| answer(&first_use_many::CORS)).count_total;
    assert_eq!(later, 0);
}
