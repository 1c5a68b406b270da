//! The handler, without CORS (the baseline) and under `#[cors]` (ours), in the plain-`http` form
//! a hyper `service_fn` calls.

use cors_runtime::{cors, cors_policy, is_preflight, Policy};
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Request, Response};

use crate::drive::run_once;

/// The response body of every handler. A static string: the body is not what is measured.
pub type Body = &'static str;

/// What the handler answers: `200` with a JSON content type, so that its header map is allocated
/// with room to spare (http's `HeaderMap` makes room for 6 entries on the first insert), as a
/// real handler's is.
#[must_use]
pub(crate) fn respond() -> Response<Body> {
    let mut response = Response::new("[]");
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The handler alone: what a request costs without CORS.
pub fn baseline(request: Request<()>) -> Response<Body> {
    run_once(plain(request))
}

/// The handler itself; `#[cors]` wraps a copy of it in [`users`] and the `origins_*` handlers.
pub(crate) async fn plain(_request: Request<()>) -> Response<Body> {
    respond()
}

// The policy of cases a to d and f, for this handler and the axum router's
// (`axum_router.rs`). The request's origin `https://app.example.com` is the last of the list.
cors_policy!(CASE_A:
    origins = ["https://www.example.com", "https://admin.example.com", "https://app.example.com"],
    methods = [GET, POST],
    headers = ["content-type", "x-api-key"],
    expose_headers = ["x-request-id"],
    credentials = true,
    max_age = 600,
);

/// Cases a to d and f.
#[cors(policy = CASE_A)]
async fn users(_request: Request<()>) -> Response<Body> {
    respond()
}

/// Ours, for cases a to d and f.
pub(crate) fn three_origins(request: Request<()>) -> Response<Body> {
    run_once(users(request))
}

/// Ours through the policy's public API, for cases a to d and f.
pub(crate) fn three_origins_policy_api(request: Request<()>) -> Response<Body> {
    policy_api(&users::CORS, request)
}

/// A synchronous handler that applies `policy` by hand: preflights answered from
/// `Policy::preflight` in the request's own header map (`PreflightOutcome::into_response_in`),
/// actual requests answered by the same handler as the baseline, then `Policy::allowed_origin`
/// and `Policy::apply`.
fn policy_api(policy: &Policy, request: Request<()>) -> Response<Body> {
    if is_preflight(request.method(), request.headers()) {
        let outcome = policy.preflight(request.headers());
        return outcome.into_response_in(request.into_parts().0.headers);
    }
    let origin = policy.allowed_origin(request.headers());
    let mut response = run_once(plain(request));
    policy.apply(origin, response.headers_mut());
    response
}

/// Case e's subdomain pattern; the rest of the policy is case a's.
#[cors(
    origins = ["https://*.example.com"],
    methods = [GET, POST],
    headers = ["content-type", "x-api-key"],
    expose_headers = ["x-request-id"],
    credentials = true,
    max_age = 600,
)]
async fn subdomains(_request: Request<()>) -> Response<Body> {
    respond()
}

/// Ours with a subdomain pattern, for case e.
pub(crate) fn subdomain_pattern(request: Request<()>) -> Response<Body> {
    run_once(subdomains(request))
}

/// Ours with a subdomain pattern through the policy's public API.
pub(crate) fn subdomain_pattern_policy_api(request: Request<()>) -> Response<Body> {
    policy_api(&subdomains::CORS, request)
}

/// The allowed origins of cases a to d and f.
pub(crate) fn three_origins_list() -> &'static [&'static str] {
    users::CORS.origins()
}

// `origins_1`, `origins_10`, `origins_100`, `origins_1000` for case e, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/origin_lists.rs"));

/// Ours with `COUNT` allowed origins (1, 10, 100 or 1,000). A const parameter rather than a
/// `fn` pointer so that every size is called directly, as the other contenders are.
pub(crate) fn with_origins<const COUNT: usize>(request: Request<()>) -> Response<Body> {
    match COUNT {
        1 => run_once(origins_1(request)),
        10 => run_once(origins_10(request)),
        100 => run_once(origins_100(request)),
        1_000 => run_once(origins_1000(request)),
        _ => panic!("build.rs generates 1, 10, 100 and 1,000 origins, not {COUNT}"),
    }
}

/// [`with_origins`] through the policy's public API.
pub(crate) fn with_origins_policy_api<const COUNT: usize>(request: Request<()>) -> Response<Body> {
    policy_api(policy_with_origins::<COUNT>(), request)
}

fn policy_with_origins<const COUNT: usize>() -> &'static Policy {
    match COUNT {
        1 => &origins_1::CORS,
        10 => &origins_10::CORS,
        100 => &origins_100::CORS,
        1_000 => &origins_1000::CORS,
        _ => panic!("build.rs generates 1, 10, 100 and 1,000 origins, not {COUNT}"),
    }
}

/// The allowed origins of the policy with `COUNT` origins, in the attribute's order.
pub(crate) fn origins_list<const COUNT: usize>() -> &'static [&'static str] {
    policy_with_origins::<COUNT>().origins()
}
