//! The requests of each case, built the same way for every contender: a `Request<()>` whose
//! header values are static (their bytes are never copied).

use std::sync::LazyLock;

use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderValue, Method, Request, Uri};

/// The origin case a sends: the last of the three the policy allows.
pub(crate) const ALLOWED_ORIGIN: &str = "https://app.example.com";

/// The origin cases b and d send.
pub(crate) const REFUSED_ORIGIN: &str = "https://evil.example.com";

/// What a browser sends for a `fetch` with `content-type: application/json` and an API key.
pub(crate) const REQUESTED_HEADERS: &str = "content-type,x-api-key";

/// How many entries the hostile `Access-Control-Request-Headers` of case f has.
pub(crate) const HOSTILE_ENTRIES: usize = 10_000;

/// Case f's `Access-Control-Request-Headers`: 10,000 entries, every one of them allowed, so that
/// only a bound on the work can refuse it early. Built once; cloning a static `HeaderValue`
/// copies two words.
static HOSTILE_REQUESTED_HEADERS: LazyLock<HeaderValue> = LazyLock::new(|| {
    let value = ["content-type", "x-api-key"]
        .iter()
        .cycle()
        .take(HOSTILE_ENTRIES)
        .copied()
        .collect::<Vec<_>>()
        .join(",");
    HeaderValue::from_static(Box::leak(value.into_boxed_str()))
});

/// `GET /users` from `origin`.
pub(crate) fn actual(origin: &'static str) -> Request<()> {
    let mut request = Request::new(());
    *request.uri_mut() = Uri::from_static("/users");
    request
        .headers_mut()
        .insert(ORIGIN, HeaderValue::from_static(origin));
    request
}

/// The preflight of a `POST /users` from `origin` with `content-type` and `x-api-key`.
pub(crate) fn preflight(origin: &'static str) -> Request<()> {
    preflight_with(origin, HeaderValue::from_static(REQUESTED_HEADERS))
}

/// The preflight of case f: 10,000 requested headers.
pub(crate) fn hostile_preflight() -> Request<()> {
    preflight_with(ALLOWED_ORIGIN, HOSTILE_REQUESTED_HEADERS.clone())
}

fn preflight_with(origin: &'static str, requested_headers: HeaderValue) -> Request<()> {
    let mut request = Request::new(());
    *request.method_mut() = Method::OPTIONS;
    *request.uri_mut() = Uri::from_static("/users");
    let headers = request.headers_mut();
    headers.insert(ORIGIN, HeaderValue::from_static(origin));
    headers.insert(
        ACCESS_CONTROL_REQUEST_METHOD,
        HeaderValue::from_static("POST"),
    );
    headers.insert(ACCESS_CONTROL_REQUEST_HEADERS, requested_headers);
    request
}
