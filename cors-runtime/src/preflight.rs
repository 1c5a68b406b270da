//! Answering preflight requests.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Response, StatusCode};

use crate::explain;
use crate::origin::{single_value, Allowed};
use crate::policy::{Policy, TRUE};
use crate::request_headers::HeadersVerdict;
use crate::vary;

/// `Access-Control-Request-Private-Network` (Private Network Access draft; not in `http`).
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
/// `Access-Control-Allow-Private-Network`.
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

/// Whether a request is a CORS preflight: `OPTIONS` with both `Origin` and
/// `Access-Control-Request-Method` ([Fetch Standard, CORS-preflight
/// request](https://fetch.spec.whatwg.org/#cors-preflight-request)). Any other `OPTIONS` request
/// is an ordinary request and goes where it would go without CORS.
///
/// ```
/// use http::{HeaderMap, Method};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// assert!(!cors_runtime::is_preflight(&Method::OPTIONS, &headers));
/// headers.insert("access-control-request-method", "PUT".parse().unwrap());
/// assert!(cors_runtime::is_preflight(&Method::OPTIONS, &headers));
/// assert!(!cors_runtime::is_preflight(&Method::PUT, &headers));
/// ```
#[must_use]
#[inline]
pub fn is_preflight(method: &Method, request_headers: &HeaderMap) -> bool {
    if method != Method::OPTIONS {
        return false;
    }
    let found = PreflightHeaders::find(request_headers);
    found.origin.is_some() && found.method.is_some()
}

/// Why a preflight was refused; its `Display` is the reason the `tracing` feature logs.
///
/// ```
/// use cors_runtime::RefusalReason;
///
/// assert_eq!(RefusalReason::TooManyRequestHeaders.to_string(), "header list too long");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefusalReason {
    /// `Origin` is absent, repeated, or not one the policy allows.
    OriginNotAllowed,
    /// `Access-Control-Request-Method` is absent, repeated, or not one the policy allows.
    MethodNotAllowed,
    /// `Access-Control-Request-Headers` names a header the policy does not allow.
    HeaderNotAllowed,
    /// `Access-Control-Request-Headers` has more entries or bytes than any browser sends.
    TooManyRequestHeaders,
}

impl core::fmt::Display for RefusalReason {
    fn fmt(&self, formatter: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        formatter.write_str(match self {
            RefusalReason::OriginNotAllowed => "origin not allowed",
            RefusalReason::MethodNotAllowed => "method not allowed",
            RefusalReason::HeaderNotAllowed => "header not allowed",
            RefusalReason::TooManyRequestHeaders => "header list too long",
        })
    }
}

/// The answer to a preflight: accepted with the headers of its policy, or refused.
///
/// An accepted preflight is answered `204 No Content` with `Access-Control-Allow-Origin`,
/// `-Allow-Methods`, `-Allow-Headers`, `-Allow-Credentials` and `-Max-Age` as configured; a
/// refused one `403 Forbidden` without any `Access-Control-Allow-*` header. Both carry
/// `Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers`.
///
/// ```
/// # use cors_runtime::{cors, PreflightOutcome, RefusalReason};
/// #[cors(origins = ["https://app.example.com"], methods = [PUT])]
/// async fn handler() {}
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// headers.insert("access-control-request-method", "DELETE".parse().unwrap());
/// let outcome = handler::CORS.preflight(&headers);
/// assert!(matches!(outcome, PreflightOutcome::Refused(RefusalReason::MethodNotAllowed)));
/// let response = outcome.into_response::<Vec<u8>>();
/// assert_eq!(response.status(), 403);
/// assert!(response.headers().get("access-control-allow-origin").is_none());
/// ```
#[derive(Debug)]
#[must_use = "a preflight outcome does nothing until it is written into a response"]
pub enum PreflightOutcome<'p> {
    /// Every check passed.
    Accepted {
        /// The policy whose headers the answer carries.
        policy: &'p Policy,
        /// The `Access-Control-Allow-Origin` value.
        allow_origin: HeaderValue,
        /// Whether to answer `Access-Control-Allow-Private-Network: true`: the preflight asked
        /// and the policy opted in.
        private_network: bool,
    },
    /// A check failed; the answer carries no `Access-Control-Allow-*` header.
    Refused(RefusalReason),
}

impl PreflightOutcome<'_> {
    /// `204 No Content` when accepted (`200 OK` with `preflight_status = 200`), `403 Forbidden`
    /// when refused.
    #[must_use]
    pub fn status(&self) -> StatusCode {
        match self {
            PreflightOutcome::Accepted { policy, .. } => policy.parts().preflight_status,
            PreflightOutcome::Refused(_) => StatusCode::FORBIDDEN,
        }
    }

    /// Writes the answer's headers into `headers` (meant for a fresh response's map).
    ///
    /// Private Network Access is answered only for a policy that opted in with
    /// `private_network = true`, and only when the preflight asks with
    /// `Access-Control-Request-Private-Network: true` (Flask-CORS's CVE-2024-6221 was sending it
    /// by default).
    pub fn write_headers(self, headers: &mut HeaderMap) {
        let PreflightOutcome::Accepted {
            policy,
            allow_origin,
            private_network: private_network_requested,
        } = self
        else {
            headers.insert(VARY, vary::PREFLIGHT);
            return;
        };
        let policy = policy.parts();
        if policy.private_network {
            headers.insert(VARY, vary::PREFLIGHT_PRIVATE_NETWORK);
        } else {
            headers.insert(VARY, vary::PREFLIGHT);
        }
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        headers.insert(ACCESS_CONTROL_ALLOW_METHODS, policy.allow_methods.clone());
        if let Some(allow_headers) = &policy.allow_headers {
            headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, allow_headers.clone());
        }
        if policy.credentials {
            headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        if let Some(max_age) = &policy.max_age {
            headers.insert(ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        if private_network_requested {
            headers.insert(ALLOW_PRIVATE_NETWORK, TRUE);
        }
    }

    /// The whole answer as a response with an empty body. Its header map is allocated on the
    /// first insert; [`into_response_in`](Self::into_response_in) reuses the request's instead.
    #[must_use]
    pub fn into_response<B: Default>(self) -> Response<B> {
        self.into_response_in(HeaderMap::new())
    }

    /// The whole answer as a response with an empty body, its headers written into `headers`
    /// after emptying it. Given the preflight request's own header map, the answer allocates
    /// nothing: the map keeps its room (a request with a few headers has room for the six a
    /// preflight answer carries) and none of the request's headers.
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [PUT])]
    /// async fn handler() {}
    ///
    /// let request = http::Request::options("/")
    ///     .header("origin", "https://app.example.com")
    ///     .header("access-control-request-method", "PUT")
    ///     .header("cookie", "session=1")
    ///     .body(())
    ///     .unwrap();
    /// let outcome = handler::CORS.preflight(request.headers());
    /// let (parts, ()) = request.into_parts();
    /// let response = outcome.into_response_in::<String>(parts.headers);
    /// assert_eq!(response.status(), 204);
    /// assert_eq!(response.headers()["access-control-allow-origin"], "https://app.example.com");
    /// assert!(response.headers().get("cookie").is_none());
    /// assert!(response.headers().get("origin").is_none());
    /// ```
    #[must_use]
    pub fn into_response_in<B: Default>(self, mut headers: HeaderMap) -> Response<B> {
        headers.clear();
        let status = self.status();
        self.write_headers(&mut headers);
        let mut response = Response::new(B::default());
        *response.status_mut() = status;
        *response.headers_mut() = headers;
        response
    }
}

pub(crate) fn evaluate<'p>(
    policy: &'p Policy,
    request_headers: &HeaderMap,
) -> PreflightOutcome<'p> {
    let found = PreflightHeaders::find(request_headers);
    let outcome = check(policy, &found, request_headers);
    explain_refusal(policy, request_headers, outcome)
}

/// The outcome of the request as a preflight when it is one (see [`is_preflight`]), `None`
/// when it is not: what [`is_preflight`] then [`Policy::preflight`] answer, with the request's
/// headers read once for both.
#[inline]
pub(crate) fn evaluate_if_preflight<'p>(
    policy: &'p Policy,
    method: &Method,
    request_headers: &HeaderMap,
) -> Option<PreflightOutcome<'p>> {
    if method != Method::OPTIONS {
        return None;
    }
    let found = PreflightHeaders::find(request_headers);
    if found.origin.is_none() || found.method.is_none() {
        return None;
    }
    let outcome = check(policy, &found, request_headers);
    Some(explain_refusal(policy, request_headers, outcome))
}

/// What [`lookup`](crate::origin::lookup) tells of a header: `None` when the request has no such
/// header, `Some(None)` when it has several, `Some(Some(value))` when it has one.
type Found<'h> = Option<Option<&'h HeaderValue>>;

/// The three headers a preflight is judged on, found in one pass over the request's headers
/// instead of one hashed lookup each: a browser's preflight has about a dozen headers, and
/// comparing a standard header's name is comparing two small integers, where each lookup hashes
/// the name and probes the map. The pass is as long as the request's header list, which the
/// server bounds (hyper: 100 lines by default).
#[derive(Debug)]
struct PreflightHeaders<'h> {
    origin: Found<'h>,
    method: Found<'h>,
    requested_headers: Found<'h>,
}

impl<'h> PreflightHeaders<'h> {
    #[inline]
    fn find(request_headers: &'h HeaderMap) -> Self {
        fn note<'h>(found: &mut Found<'h>, value: &'h HeaderValue) {
            *found = Some(if found.is_none() { Some(value) } else { None });
        }
        let mut found = PreflightHeaders {
            origin: None,
            method: None,
            requested_headers: None,
        };
        for (name, value) in request_headers {
            if *name == ORIGIN {
                note(&mut found.origin, value);
            } else if *name == ACCESS_CONTROL_REQUEST_METHOD {
                note(&mut found.method, value);
            } else if *name == ACCESS_CONTROL_REQUEST_HEADERS {
                note(&mut found.requested_headers, value);
            }
        }
        found
    }

    /// The `Access-Control-Request-Headers` lines: the one found, or, when there are several
    /// (which a browser does not send, but a proxy may), all of them from the map.
    fn requested_headers(
        &self,
        request_headers: &'h HeaderMap,
    ) -> impl Iterator<Item = &'h [u8]> + use<'h> {
        let (one, several) = match self.requested_headers {
            None => (None, None),
            Some(Some(value)) => (Some(value), None),
            Some(None) => (
                None,
                Some(
                    request_headers
                        .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
                        .iter(),
                ),
            ),
        };
        one.into_iter()
            .chain(several.into_iter().flatten())
            .map(HeaderValue::as_bytes)
    }
}

fn explain_refusal<'p>(
    policy: &'p Policy,
    request_headers: &HeaderMap,
    outcome: PreflightOutcome<'p>,
) -> PreflightOutcome<'p> {
    if let PreflightOutcome::Refused(reason) = outcome {
        explain::refused_preflight(core::slice::from_ref(&policy), request_headers, reason);
    }
    outcome
}

/// The checks of a preflight whose headers were found.
fn check<'p>(
    policy: &'p Policy,
    found: &PreflightHeaders<'_>,
    request_headers: &HeaderMap,
) -> PreflightOutcome<'p> {
    let origin = found.origin.flatten();
    let judged = judge(
        policy,
        origin.map(HeaderValue::as_bytes),
        found.method.flatten().map(HeaderValue::as_bytes),
        found.requested_headers(request_headers),
        || single_value(request_headers, &REQUEST_PRIVATE_NETWORK).map(HeaderValue::as_bytes),
    );
    match (judged, origin) {
        (
            Ok(Judged {
                allowed,
                private_network,
            }),
            Some(origin),
        ) => PreflightOutcome::Accepted {
            policy,
            allow_origin: allowed.value(origin),
            private_network,
        },
        (Err(reason), _) => PreflightOutcome::Refused(reason),
        // `judge` refuses a preflight without `Origin`.
        (Ok(_), None) => PreflightOutcome::Refused(RefusalReason::OriginNotAllowed),
    }
}

/// An accepted preflight, before its answer is written in a server's own types.
#[derive(Debug)]
pub(crate) struct Judged<'p> {
    /// What `Access-Control-Allow-Origin` answers.
    pub(crate) allowed: Allowed<'p>,
    /// Whether to answer `Access-Control-Allow-Private-Network: true`.
    pub(crate) private_network: bool,
}

/// The checks of a preflight on the bytes of its headers, for any server's header types: its
/// single `Origin` and `Access-Control-Request-Method` (`None` when absent or repeated), its
/// `Access-Control-Request-Headers` lines, and its single
/// `Access-Control-Request-Private-Network`, looked up only when the policy answers it.
#[inline]
pub(crate) fn judge<'p, 'r>(
    policy: &'p Policy,
    origin: Option<&[u8]>,
    requested_method: Option<&[u8]>,
    requested_headers: impl IntoIterator<Item = &'r [u8]>,
    requested_private_network: impl FnOnce() -> Option<&'r [u8]>,
) -> Result<Judged<'p>, RefusalReason> {
    let parts = policy.parts();
    // A preflight always names its origin, even for a `*` policy.
    let Some(origin) = origin else {
        return Err(RefusalReason::OriginNotAllowed);
    };
    let Some(allowed) = parts.origins.allowed_bytes(Some(origin)) else {
        return Err(RefusalReason::OriginNotAllowed);
    };
    let method_allowed = requested_method.is_some_and(|method| parts.methods.allows(method));
    if !method_allowed {
        return Err(RefusalReason::MethodNotAllowed);
    }
    match parts.headers.check(requested_headers) {
        HeadersVerdict::Allowed => Ok(Judged {
            allowed,
            private_network: parts.private_network
                && requested_private_network().is_some_and(|value| value == b"true"),
        }),
        HeadersVerdict::NotAllowed => Err(RefusalReason::HeaderNotAllowed),
        HeadersVerdict::TooMany => Err(RefusalReason::TooManyRequestHeaders),
    }
}
