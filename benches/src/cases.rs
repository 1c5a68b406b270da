//! Issue 5's cases a to f, and what each contender must answer to each of them.

use std::convert::Infallible;

use http::header::ACCESS_CONTROL_ALLOW_ORIGIN;
use http::{Request, Response};
use tower::Service;

use crate::drive::call_service;
use crate::ours::{self, Body};
use crate::requests::{self, ALLOWED_ORIGIN, REFUSED_ORIGIN};
use crate::tower_http_side;

/// What a contender's response must be for the comparison to mean anything: its status and its
/// `Access-Control-Allow-Origin`, or its absence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    /// The status code.
    pub status: u16,
    /// The `Access-Control-Allow-Origin` value, `None` when it must be absent.
    pub allow_origin: Option<&'static str>,
}

/// One benchmark case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Case {
    /// The criterion group, such as `a_actual_allowed`; cases of one group differ in `origins`.
    pub group: &'static str,
    /// What the case is, for tables: `a. actual GET, allowed origin`.
    pub title: &'static str,
    /// How many origins the policies allow, for case e (the other cases allow three).
    pub origins: Option<usize>,
    /// What ours answers, by the generated handler or through the policy's API.
    pub ours: Expected,
    /// What tower-http's `CorsLayer` answers.
    pub tower_http: Expected,
}

/// A case's request builder and its contenders, each a function of one request. The baseline,
/// the same for every case, is [`baseline`](crate::baseline).
#[derive(Debug)]
pub struct Contenders<R, O, P, T> {
    /// Builds a fresh request of the case.
    pub request: R,
    /// The `#[cors]` handler, called as a server calls it.
    pub ours: O,
    /// The same policy through its public API (`is_preflight`, `preflight`, `allowed_origin`,
    /// `apply`) in a synchronous function around the same handler: what the policy's own work
    /// costs, without the generated handler's `async` wrapper.
    pub ours_policy_api: P,
    /// tower-http's `CorsLayer` around the same handler, called through `tower::Service`.
    pub tower_http: T,
}

impl<R, O, P, T> Contenders<R, O, P, T>
where
    R: FnMut() -> Request<()>,
    O: FnMut(Request<()>) -> Response<Body>,
    P: FnMut(Request<()>) -> Response<Body>,
    T: FnMut(Request<()>) -> Response<Body>,
{
    /// Answers the case once with each contender and checks each answer: a comparison of wrong
    /// answers would mean nothing.
    pub fn check_answers(&mut self, case: &Case) {
        check("ours", case, &(self.ours)((self.request)()), case.ours);
        check(
            "ours, policy API",
            case,
            &(self.ours_policy_api)((self.request)()),
            case.ours,
        );
        check(
            "tower-http",
            case,
            &(self.tower_http)((self.request)()),
            case.tower_http,
        );
    }
}

/// What runs the cases: the benchmark times them, the allocation table counts heap blocks.
pub trait Visitor {
    /// Called once per case.
    fn visit<R, O, P, T>(&mut self, case: &Case, contenders: Contenders<R, O, P, T>)
    where
        R: FnMut() -> Request<()>,
        O: FnMut(Request<()>) -> Response<Body>,
        P: FnMut(Request<()>) -> Response<Body>,
        T: FnMut(Request<()>) -> Response<Body>;
}

/// Panics unless `response` is what `expected` says, naming the contender and the case.
pub fn check(contender: &str, case: &Case, response: &Response<Body>, expected: Expected) {
    let allow_origin = response
        .headers()
        .get(ACCESS_CONTROL_ALLOW_ORIGIN)
        .map(|value| value.to_str().unwrap_or("<not text>"));
    let actual = (response.status().as_u16(), allow_origin);
    assert_eq!(
        actual,
        (expected.status, expected.allow_origin),
        "{contender} answered case {case:?} with {response:?}"
    );
}

const ALLOWED: Expected = Expected {
    status: 200,
    allow_origin: Some(ALLOWED_ORIGIN),
};

const REFUSED: Expected = Expected {
    status: 200,
    allow_origin: None,
};

const PREFLIGHT_ACCEPTED: Expected = Expected {
    status: 204,
    allow_origin: Some(ALLOWED_ORIGIN),
};

const PREFLIGHT_REFUSED: Expected = Expected {
    status: 403,
    allow_origin: None,
};

/// Runs `visitor` over every case, in the order.
pub fn visit_all(visitor: &mut impl Visitor) {
    three_origins(
        visitor,
        Case {
            group: "a_actual_allowed",
            title: "a. actual GET, allowed origin",
            origins: None,
            ours: ALLOWED,
            tower_http: ALLOWED,
        },
        || requests::actual(ALLOWED_ORIGIN),
    );
    three_origins(
        visitor,
        Case {
            group: "b_actual_refused",
            title: "b. actual GET, origin not allowed",
            origins: None,
            ours: REFUSED,
            tower_http: REFUSED,
        },
        || requests::actual(REFUSED_ORIGIN),
    );
    three_origins(
        visitor,
        Case {
            group: "c_preflight_allowed",
            title: "c. preflight, allowed",
            origins: None,
            ours: PREFLIGHT_ACCEPTED,
            // tower-http answers every `OPTIONS` itself, with `200`.
            tower_http: ALLOWED,
        },
        || requests::preflight(ALLOWED_ORIGIN),
    );
    three_origins(
        visitor,
        Case {
            group: "d_preflight_refused",
            title: "d. preflight, origin not allowed",
            origins: None,
            ours: PREFLIGHT_REFUSED,
            tower_http: REFUSED,
        },
        || requests::preflight(REFUSED_ORIGIN),
    );
    origin_cases::<1>(visitor);
    origin_cases::<10>(visitor);
    origin_cases::<100>(visitor);
    origin_cases::<1_000>(visitor);
    subdomain_cases(visitor);
    three_origins(
        visitor,
        Case {
            group: "f_preflight_10000_headers",
            title: "f. preflight, 10,000 requested headers",
            origins: None,
            ours: PREFLIGHT_REFUSED,
            // tower-http does not read `Access-Control-Request-Headers` when it has a list.
            tower_http: ALLOWED,
        },
        requests::hostile_preflight,
    );
}

/// A case of the three-origin policy of cases a to d and f.
fn three_origins(visitor: &mut impl Visitor, case: Case, request: impl FnMut() -> Request<()>) {
    visitor.visit(
        &case,
        Contenders {
            request,
            ours: ours::three_origins,
            ours_policy_api: ours::three_origins_policy_api,
            tower_http: tower_http(ours::three_origins_list()),
        },
    );
}

/// Case e for one size: an actual GET from the last allowed origin, then from an origin of the
/// same length that differs from it only in its last bytes (`.net` for `.com`).
fn origin_cases<const COUNT: usize>(visitor: &mut impl Visitor) {
    let list = ours::origins_list::<COUNT>();
    let last: &'static str = list
        .last()
        .copied()
        .expect("every generated policy has an origin");
    let near_miss: &'static str = Box::leak(last.replace(".com", ".net").into_boxed_str());
    let matched = Expected {
        status: 200,
        allow_origin: Some(last),
    };
    visitor.visit(
        &Case {
            group: "e_origins_match_last",
            title: "e. origin check, match last",
            origins: Some(COUNT),
            ours: matched,
            tower_http: matched,
        },
        Contenders {
            request: || requests::actual(last),
            ours: ours::with_origins::<COUNT>,
            ours_policy_api: ours::with_origins_policy_api::<COUNT>,
            tower_http: tower_http(list),
        },
    );
    visitor.visit(
        &Case {
            group: "e_origins_match_none",
            title: "e. origin check, match none",
            origins: Some(COUNT),
            ours: REFUSED,
            tower_http: REFUSED,
        },
        Contenders {
            request: || requests::actual(near_miss),
            ours: ours::with_origins::<COUNT>,
            ours_policy_api: ours::with_origins_policy_api::<COUNT>,
            tower_http: tower_http(list),
        },
    );
}

/// Case e with the pattern `https://*.example.com`: an actual GET from a subdomain, then from the
/// same host under `.net`.
fn subdomain_cases(visitor: &mut impl Visitor) {
    const SUBDOMAIN: &str = "https://tenant-999.example.com";
    const NEAR_MISS: &str = "https://tenant-999.example.net";
    let matched = Expected {
        status: 200,
        allow_origin: Some(SUBDOMAIN),
    };
    visitor.visit(
        &Case {
            group: "e_pattern_match",
            title: "e. subdomain pattern, match",
            origins: None,
            ours: matched,
            tower_http: matched,
        },
        Contenders {
            request: || requests::actual(SUBDOMAIN),
            ours: ours::subdomain_pattern,
            ours_policy_api: ours::subdomain_pattern_policy_api,
            tower_http: service_as_function(tower_http_side::subdomain_service()),
        },
    );
    visitor.visit(
        &Case {
            group: "e_pattern_none",
            title: "e. subdomain pattern, match none",
            origins: None,
            ours: REFUSED,
            tower_http: REFUSED,
        },
        Contenders {
            request: || requests::actual(NEAR_MISS),
            ours: ours::subdomain_pattern,
            ours_policy_api: ours::subdomain_pattern_policy_api,
            tower_http: service_as_function(tower_http_side::subdomain_service()),
        },
    );
}

/// tower-http's service allowing `origins`, as a function of one request.
fn tower_http(origins: &[&'static str]) -> impl FnMut(Request<()>) -> Response<Body> {
    service_as_function(tower_http_side::service(origins))
}

/// A service as a function of one request.
fn service_as_function<S>(mut service: S) -> impl FnMut(Request<()>) -> Response<Body>
where
    S: Service<Request<()>, Response = Response<Body>, Error = Infallible>,
{
    move |request| call_service(&mut service, request)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers each case once per contender and checks the answer; times nothing.
    struct Checker {
        cases: usize,
    }

    impl Visitor for Checker {
        fn visit<R, O, P, T>(&mut self, case: &Case, contenders: Contenders<R, O, P, T>)
        where
            R: FnMut() -> Request<()>,
            O: FnMut(Request<()>) -> Response<Body>,
            P: FnMut(Request<()>) -> Response<Body>,
            T: FnMut(Request<()>) -> Response<Body>,
        {
            let mut contenders = contenders;
            contenders.check_answers(case);
            let baseline = crate::baseline((contenders.request)());
            assert_eq!(baseline.status(), 200, "{case:?}");
            self.cases += 1;
        }
    }

    #[test]
    fn every_contender_answers_every_case_as_the_benchmark_expects() {
        let mut checker = Checker { cases: 0 };
        visit_all(&mut checker);
        // a, b, c, d, f, and case e's two requests for each of its four sizes and its pattern.
        assert_eq!(checker.cases, 15);
    }

    #[test]
    fn case_f_lists_ten_thousand_headers() {
        let request = requests::hostile_preflight();
        let value = &request.headers()[http::header::ACCESS_CONTROL_REQUEST_HEADERS];
        assert_eq!(
            value.as_bytes().split(|byte| *byte == b',').count(),
            requests::HOSTILE_ENTRIES
        );
    }
}
