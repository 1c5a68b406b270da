//! Cases a to d through an axum `Router`, the way an axum application serves them: `#[cors]`'s
//! axum handler routed with its preflight handler (`.options(users::preflight)`), against the
//! same handler without CORS and behind tower-http's `CorsLayer` added with `Router::layer`, as
//! tower-http's and axum's documentation show it.
//!
//! The requests are those of the other cases, with an empty axum body. Each contender's answer
//! is checked before it is timed ([`check_router_answers`]).

use axum::body::Body;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use cors_runtime::cors;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE};
use http::{HeaderName, HeaderValue, Request, StatusCode};
use tower_http::cors::AllowOrigin;

use crate::drive::call_service;
use crate::requests::{actual, preflight, ALLOWED_ORIGIN, REFUSED_ORIGIN};
use crate::tower_http_side::layer;

/// The allowed origins of cases a to d.
const ORIGINS: [&str; 3] = [
    "https://www.example.com",
    "https://admin.example.com",
    ALLOWED_ORIGIN,
];

/// The handler of every contender: `200` with a JSON content type, as the other cases' handler.
async fn plain_users() -> ([(HeaderName, &'static str); 1], &'static str) {
    ([(CONTENT_TYPE, "application/json")], "[]")
}

/// The same handler under case a's policy, in `#[cors]`'s axum form.
#[cors(policy = crate::ours::CASE_A)]
async fn users() -> ([(HeaderName, &'static str); 1], &'static str) {
    ([(CONTENT_TYPE, "application/json")], "[]")
}

/// A case through a `Router`: its request and what each contender answers.
#[derive(Debug, Clone, Copy)]
pub struct RouterCase {
    /// The criterion group: `axum_` and the other cases' group.
    pub group: &'static str,
    /// What the case is, for tables.
    pub title: &'static str,
    /// Builds a fresh request of the case.
    pub request: fn() -> Request<()>,
    /// The status without CORS (`405` for a preflight: no route answers `OPTIONS`).
    pub baseline: StatusCode,
    /// What ours answers: the status, and whether `Access-Control-Allow-Origin` is there.
    pub ours: (StatusCode, bool),
    /// What tower-http answers.
    pub tower_http: (StatusCode, bool),
}

/// Cases a to d.
#[must_use]
pub fn router_cases() -> [RouterCase; 4] {
    [
        RouterCase {
            group: "axum_a_actual_allowed",
            title: "a. actual GET, allowed origin",
            request: || actual(ALLOWED_ORIGIN),
            baseline: StatusCode::OK,
            ours: (StatusCode::OK, true),
            tower_http: (StatusCode::OK, true),
        },
        RouterCase {
            group: "axum_b_actual_refused",
            title: "b. actual GET, origin not allowed",
            request: || actual(REFUSED_ORIGIN),
            baseline: StatusCode::OK,
            ours: (StatusCode::OK, false),
            tower_http: (StatusCode::OK, false),
        },
        RouterCase {
            group: "axum_c_preflight_allowed",
            title: "c. preflight, allowed",
            request: || preflight(ALLOWED_ORIGIN),
            baseline: StatusCode::METHOD_NOT_ALLOWED,
            ours: (StatusCode::NO_CONTENT, true),
            tower_http: (StatusCode::OK, true),
        },
        RouterCase {
            group: "axum_d_preflight_refused",
            title: "d. preflight, origin not allowed",
            request: || preflight(REFUSED_ORIGIN),
            baseline: StatusCode::METHOD_NOT_ALLOWED,
            ours: (StatusCode::FORBIDDEN, false),
            tower_http: (StatusCode::OK, false),
        },
    ]
}

/// The three routers of `/users`.
#[derive(Debug, Clone)]
pub struct Routers {
    /// `GET` and `POST`, without CORS.
    pub baseline: Router,
    /// `#[cors]`'s handler for `GET` and `POST`, and its preflight handler for `OPTIONS`.
    pub ours: Router,
    /// The handler without CORS, and tower-http's `CorsLayer` over the router.
    pub tower_http: Router,
}

impl Routers {
    /// The routers of cases a to d.
    #[must_use]
    pub fn new() -> Routers {
        let origins = ORIGINS.map(HeaderValue::from_static);
        Routers {
            baseline: Router::new().route("/users", get(plain_users).post(plain_users)),
            ours: Router::new().route("/users", cors_runtime::cors_route!(get(users), post(users))),
            tower_http: Router::new()
                .route("/users", get(plain_users).post(plain_users))
                .layer(layer(AllowOrigin::list(origins))),
        }
    }
}

impl Default for Routers {
    fn default() -> Routers {
        Routers::new()
    }
}

/// Sends one request through `router` as a server does (`tower::Service`, polled once).
pub fn answer(router: &mut Router, request: Request<()>) -> Response {
    call_service(router, request.map(|()| Body::empty()))
}

/// Checks every contender's answer to `case`.
///
/// # Panics
///
/// When a status or the presence of `Access-Control-Allow-Origin` is not the expected one.
pub fn check_router_answers(case: &RouterCase, routers: &mut Routers) {
    let status = answer(&mut routers.baseline, (case.request)()).status();
    assert_eq!(status, case.baseline, "{}: baseline", case.group);
    for (name, router, (expected_status, allow_origin)) in [
        ("ours", &mut routers.ours, case.ours),
        ("tower-http", &mut routers.tower_http, case.tower_http),
    ] {
        let response = answer(router, (case.request)());
        assert_eq!(response.status(), expected_status, "{}: {name}", case.group);
        assert_eq!(
            response.headers().contains_key(ACCESS_CONTROL_ALLOW_ORIGIN),
            allow_origin,
            "{}: {name}: {:?}",
            case.group,
            response.headers()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{check_router_answers, router_cases, Routers};

    #[test]
    fn every_router_answers_as_expected() {
        let mut routers = Routers::new();
        for case in router_cases() {
            check_router_answers(&case, &mut routers);
        }
    }
}
