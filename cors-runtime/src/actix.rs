//! The actix-web glue: extractor wrappers that keep rejections answerable with CORS headers, the
//! response finisher and the preflight handler. Everything here is used by code that
//! `#[cors(form = actix, ...)]` generates; not a public API.
//!
//! actix-web 4 is built on `http` 0.2 while the policy speaks `http` 1, so the two meet on bytes:
//! the request's CORS headers are checked on actix-web's own bytes, in place, and the answer's
//! headers are written straight into actix-web's map from the policy's compile-time values (or
//! the request's own `Origin`), sharing their bytes. Only the explanation of a refused preflight
//! (the `tracing` feature, when a subscriber wants it) copies the request's CORS headers.

use core::convert::Infallible;
use core::future::{ready, Future, Ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use actix_web::dev::Payload;
use actix_web::http::header::{
    HeaderMap, HeaderName, HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS,
    ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ALLOW, ORIGIN, VARY,
};
use actix_web::http::{Method, StatusCode};
use actix_web::web::Bytes;
use actix_web::{FromRequest, HttpRequest, HttpResponse, Responder};
use pin_project_lite::pin_project;

use crate::explain;
use crate::origin::{single, Allowed};
use crate::policy::Policy;
use crate::preflight::{judge, Judged, RefusalReason};
use crate::vary;

/// `Access-Control-Request-Private-Network`, which neither `http` version names.
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
/// A preflight answer's `Vary`, as `PreflightOutcome::write_headers` writes it.
const VARY_PREFLIGHT: HeaderValue = HeaderValue::from_static(vary::PREFLIGHT_TEXT);
/// The same for a policy that answers Private Network Access.
const VARY_PREFLIGHT_PRIVATE_NETWORK: HeaderValue =
    HeaderValue::from_static(vary::PREFLIGHT_PRIVATE_NETWORK_TEXT);
/// `Access-Control-Allow-Private-Network`, which neither `http` version names.
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");
/// `Vary: Origin`, as `vary::append_origin` writes it.
const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
/// `Access-Control-Allow-Credentials: true`, the only value the Fetch Standard accepts.
const TRUE: HeaderValue = HeaderValue::from_static("true");
/// `Access-Control-Allow-Origin: *`.
const ANY: HeaderValue = HeaderValue::from_static("*");

/// The request headers a preflight decision reads, by their names in both `http` versions.
#[cfg(feature = "tracing")]
const PREFLIGHT_HEADERS: [(HeaderName, http::HeaderName); 4] = [
    (ORIGIN, http::header::ORIGIN),
    (
        ACCESS_CONTROL_REQUEST_METHOD,
        http::header::ACCESS_CONTROL_REQUEST_METHOD,
    ),
    (
        ACCESS_CONTROL_REQUEST_HEADERS,
        http::header::ACCESS_CONTROL_REQUEST_HEADERS,
    ),
    (
        REQUEST_PRIVATE_NETWORK,
        http::HeaderName::from_static("access-control-request-private-network"),
    ),
];

/// Names the policy of a generated actix-web handler in its argument types, so that the first
/// extractor can match the origin.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `#[cors(form = actix)]` policy",
    note = "this trait is implemented by the companion module that `#[cors(form = actix)]` generates"
)]
pub trait PolicySource: 'static {
    /// The handler's policy.
    fn policy() -> &'static Policy;
}

/// What the generated handler needs to finish any response: the request, for
/// [`Responder::respond_to`], and the `Access-Control-Allow-Origin` value for an allowed origin.
pub struct ActualRequest {
    request: HttpRequest,
    allowed_origin: Option<HeaderValue>,
}

impl ActualRequest {
    fn new(policy: &'static Policy, request: &HttpRequest) -> ActualRequest {
        ActualRequest {
            request: request.clone(),
            allowed_origin: allowed_origin(policy, request),
        }
    }
}

/// An extractor that never fails: it holds the inner extractor's value, or its error as the
/// response actix-web would have sent, so the generated handler can add CORS headers to it.
///
/// actix-web polls a handler's extractors together and stops at the first error; since none of
/// these fails, every extractor runs to completion (a body extractor reads the body even after a
/// `web::Path` rejection), and the generated handler answers with the first rejection in
/// argument order, the one actix-web answers with when extractors fail at once (`web::Path`,
/// `web::Query`, `web::Data`).
pub struct Arg<T>(Result<T, HttpResponse>);

impl<T> Arg<T> {
    /// The extracted value, or the response to answer with.
    #[allow(
        clippy::result_large_err,
        reason = "the error is the response the handler returns at once; boxing it would allocate per rejection"
    )]
    pub fn into_result(self) -> Result<T, HttpResponse> {
        self.0
    }
}

pin_project! {
    /// Resolves to the [`Arg`] of an inner extractor's outcome.
    pub struct ArgFuture<T: FromRequest> {
        #[pin]
        inner: T::Future,
    }
}

impl<T: FromRequest> Future for ArgFuture<T> {
    type Output = Result<Arg<T>, Infallible>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().inner.poll(context) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(value)) => Poll::Ready(Ok(Arg(Ok(value)))),
            // `from_error` keeps the error on the response, where actix-web's `Logger` and
            // `ErrorHandlers` look for it, as for a rejection actix-web answers itself.
            Poll::Ready(Err(error)) => Poll::Ready(Ok(Arg(Err(HttpResponse::from_error(error))))),
        }
    }
}

impl<T: FromRequest> FromRequest for Arg<T> {
    type Error = Infallible;
    type Future = ArgFuture<T>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        ArgFuture {
            inner: T::from_request(request, payload),
        }
    }
}

/// The first argument of a generated handler: [`Arg`] plus the [`ActualRequest`].
pub struct FirstArg<T, P> {
    request: ActualRequest,
    arg: Arg<T>,
    policy: PhantomData<fn() -> P>,
}

impl<T, P> FirstArg<T, P> {
    /// The request and the argument.
    pub fn into_parts(self) -> (ActualRequest, Arg<T>) {
        (self.request, self.arg)
    }
}

pin_project! {
    /// Resolves to a [`FirstArg`] once the inner extractor has.
    pub struct FirstArgFuture<T: FromRequest, P> {
        request: Option<ActualRequest>,
        #[pin]
        arg: ArgFuture<T>,
        policy: PhantomData<fn() -> P>,
    }
}

impl<T: FromRequest, P> Future for FirstArgFuture<T, P> {
    type Output = Result<FirstArg<T, P>, Infallible>;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Poll::Ready(Ok(arg)) = this.arg.poll(context) else {
            return Poll::Pending;
        };
        match this.request.take() {
            Some(request) => Poll::Ready(Ok(FirstArg {
                request,
                arg,
                policy: PhantomData,
            })),
            // Polled again after it completed, which the `Future` contract rules out: stay
            // pending rather than panic.
            None => Poll::Pending,
        }
    }
}

impl<T: FromRequest, P: PolicySource> FromRequest for FirstArg<T, P> {
    type Error = Infallible;
    type Future = FirstArgFuture<T, P>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        FirstArgFuture {
            request: Some(ActualRequest::new(P::policy(), request)),
            arg: Arg::<T>::from_request(request, payload),
            policy: PhantomData,
        }
    }
}

/// The only argument of a generated handler whose own function takes none.
pub struct OriginOnly<P> {
    request: ActualRequest,
    policy: PhantomData<fn() -> P>,
}

impl<P> OriginOnly<P> {
    /// The request.
    pub fn into_request(self) -> ActualRequest {
        self.request
    }
}

impl<P: PolicySource> FromRequest for OriginOnly<P> {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Ok(OriginOnly {
            request: ActualRequest::new(P::policy(), request),
            policy: PhantomData,
        }))
    }
}

/// Turns the handler's result (or an extractor's rejection) into a response with the
/// actual-request CORS headers. `Result<impl Responder, E>` answers an `Err` with the error's
/// response, which gets them too.
pub fn finish(
    policy: &'static Policy,
    request: ActualRequest,
    responder: impl Responder,
) -> HttpResponse {
    // actix-web boxes every handler's body the same way; bodies of known bytes stay unboxed.
    let mut response = responder.respond_to(&request.request).map_into_boxed_body();
    apply(policy, request.allowed_origin, response.headers_mut());
    response
}

/// The companion module's `preflight` handler: answers a preflight with the policy; any other
/// request gets the `405` it would get without CORS, with actual-request CORS headers.
pub fn preflight(policy: &'static Policy, request: &HttpRequest) -> HttpResponse {
    let headers = request.headers();
    // A preflight is an `OPTIONS` request with `Origin` and `Access-Control-Request-Method`
    // (`is_preflight`); either repeated is refused.
    if request.method() == Method::OPTIONS {
        if let (Some(origin), Some(method)) = (
            lookup(headers, &ORIGIN),
            lookup(headers, &ACCESS_CONTROL_REQUEST_METHOD),
        ) {
            let judged = judge(
                policy,
                origin,
                method,
                headers
                    .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
                    .map(HeaderValue::as_bytes),
                || lookup(headers, &REQUEST_PRIVATE_NETWORK).flatten(),
            );
            return preflight_response(policy, request, judged);
        }
    }
    let mut response = HttpResponse::new(StatusCode::METHOD_NOT_ALLOWED);
    if let Some(allow) = static_value(policy.allow()) {
        response.headers_mut().insert(ALLOW, allow);
    }
    apply(
        policy,
        allowed_origin(policy, request),
        response.headers_mut(),
    );
    response
}

/// The `Access-Control-Allow-Origin` value for an actual request, or `None` when its origin is
/// absent, repeated or not allowed (explained in a `debug` event with the `tracing` feature).
/// Read from actix-web's own header map, without copying: the answer is `*`, a value of the
/// policy's (its bytes are the policy's static text), or the request's own value (a reference
/// count).
fn allowed_origin(policy: &'static Policy, request: &HttpRequest) -> Option<HeaderValue> {
    // A repeated `Origin` is refused, as the `http` forms refuse it.
    let origin = single(request.headers().get_all(ORIGIN)).flatten();
    let Some(allowed) = policy.allowed_origin_bytes(origin.map(HeaderValue::as_bytes)) else {
        explain::refused_origin_value(
            policy,
            request.headers().get(ORIGIN).map(HeaderValue::as_bytes),
        );
        return None;
    };
    actix_value(allowed, origin)
}

/// An allowed origin's `Access-Control-Allow-Origin` as actix-web's type, sharing its bytes:
/// `*`, the policy's value, or the request's `origin` (`None` only when it has none, which a
/// policy never admits).
fn actix_value(allowed: Allowed<'static>, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
    match allowed {
        Allowed::Any => Some(ANY),
        Allowed::Listed(value) => static_value(value),
        Allowed::Request => origin.cloned(),
    }
}

/// The request headers of `names` as an `http` 1 map, repeated lines kept, for the explanation
/// of a refusal. `None` for a value `http` 1 rejects, which cannot happen: both versions accept
/// the same bytes in a header value.
#[cfg(feature = "tracing")]
fn copy_headers(
    request_headers: &HeaderMap,
    names: &[(HeaderName, http::HeaderName)],
) -> Option<http::HeaderMap> {
    let mut headers = http::HeaderMap::new();
    for (actix_name, name) in names {
        for value in request_headers.get_all(actix_name) {
            let value = http::HeaderValue::from_bytes(value.as_bytes()).ok()?;
            headers.append(name.clone(), value);
        }
    }
    Some(headers)
}

/// A value of a `&'static Policy` as actix-web's type, sharing its bytes: the macro built it
/// from a string literal, so its bytes live as long as the policy.
fn static_value(value: &'static http::HeaderValue) -> Option<HeaderValue> {
    HeaderValue::from_maybe_shared(Bytes::from_static(value.as_bytes())).ok()
}

/// [`Policy::apply`] on actix-web's header map, header for header: `Vary: Origin` whenever the
/// answer depends on the origin (appended to the handler's own, never repeated), and for an
/// allowed origin `Access-Control-Allow-Origin`, `-Allow-Credentials` and `-Expose-Headers` as
/// configured. A test holds the two to the same output.
fn apply(policy: &'static Policy, allowed_origin: Option<HeaderValue>, headers: &mut HeaderMap) {
    if policy.depends_on_origin()
        && !vary::varies_on_origin(headers.get_all(VARY).map(HeaderValue::as_bytes))
    {
        headers.append(VARY, VARY_ORIGIN);
    }
    if let Some(origin) = allowed_origin {
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if policy.credentials() {
            headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        if let Some(expose) = policy
            .parts()
            .expose_headers
            .as_ref()
            .and_then(static_value)
        {
            headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose);
        }
    }
}

/// A preflight's answer as an actix-web response, written straight into actix-web's map: the
/// same headers as [`crate::PreflightOutcome::write_headers`], whose values are the policy's (their
/// bytes shared, not copied) and, for a pattern's match, the request's own `Origin`. A test holds
/// the two to the same output.
fn preflight_response(
    policy: &'static Policy,
    request: &HttpRequest,
    judged: Result<Judged<'static>, RefusalReason>,
) -> HttpResponse {
    let parts = policy.parts();
    let accepted = judged.and_then(|judged| {
        // `judge` admitted the single `Origin`.
        actix_value(judged.allowed, request.headers().get(ORIGIN))
            .map(|allow_origin| (allow_origin, judged.private_network))
            .ok_or(RefusalReason::OriginNotAllowed)
    });
    let (allow_origin, private_network) = match accepted {
        Ok(accepted) => accepted,
        Err(reason) => {
            explain_refused_preflight(policy, request, reason);
            let mut response = HttpResponse::new(StatusCode::FORBIDDEN);
            response.headers_mut().insert(VARY, VARY_PREFLIGHT);
            return response;
        }
    };
    let status = StatusCode::from_u16(parts.preflight_status.as_u16()).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::new(status);
    let headers = response.headers_mut();
    headers.insert(
        VARY,
        if parts.private_network {
            VARY_PREFLIGHT_PRIVATE_NETWORK
        } else {
            VARY_PREFLIGHT
        },
    );
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if let Some(methods) = static_value(&parts.allow_methods) {
        headers.insert(ACCESS_CONTROL_ALLOW_METHODS, methods);
    }
    if let Some(allow_headers) = parts.allow_headers.as_ref().and_then(static_value) {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, allow_headers);
    }
    if parts.credentials {
        headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(max_age) = parts.max_age.as_ref().and_then(static_value) {
        headers.insert(ACCESS_CONTROL_MAX_AGE, max_age);
    }
    if private_network {
        headers.insert(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    response
}

/// The `debug` event of a refused preflight (the `tracing` feature), which reads the request's
/// CORS headers as an `http` 1 map: they are copied only when the event is wanted.
fn explain_refused_preflight(policy: &Policy, request: &HttpRequest, reason: RefusalReason) {
    #[cfg(feature = "tracing")]
    if tracing::enabled!(target: "cors_runtime", tracing::Level::DEBUG) {
        if let Some(headers) = copy_headers(request.headers(), &PREFLIGHT_HEADERS) {
            explain::refused_preflight(core::slice::from_ref(&policy), &headers, reason);
        }
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (policy, request, reason);
}

/// A header's value when it occurs once, `Some(None)` when it is repeated, `None` when it is
/// absent, as the `http` forms look them up.
fn lookup<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<Option<&'h [u8]>> {
    single(headers.get_all(name).map(HeaderValue::as_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::cors;

    #[cors(
        origins = ["https://app.example.com", "https://*.example.org"],
        methods = [GET],
        credentials = true,
        expose_headers = ["x-request-id", "x-total-count"],
        form = actix,
    )]
    async fn credentialed() -> &'static str {
        "ok"
    }

    #[cors(origins = ["*"], methods = [GET], expose_headers = ["x-request-id"], form = actix)]
    async fn public() -> &'static str {
        "ok"
    }

    #[cors(
        origins = ["https://app.example.com", "https://*.example.org"],
        methods = [GET, PUT],
        headers = ["content-type", "x-api-key"],
        credentials = true,
        max_age = 600,
        private_network = true,
        preflight_status = 200,
        form = actix,
    )]
    async fn guarded() -> &'static str {
        "ok"
    }

    #[cors(origins = ["https://app.example.com"], methods = [GET], form = actix)]
    async fn plain() -> &'static str {
        "ok"
    }

    /// Headers as sorted `(name, value)` text, to compare the two `http` versions' maps.
    type Lines = Vec<(String, String)>;

    fn lines<'h>(headers: impl Iterator<Item = (&'h str, &'h [u8])>) -> Lines {
        let mut lines: Lines = headers
            .map(|(name, value)| {
                (
                    name.to_string(),
                    String::from_utf8_lossy(value).into_owned(),
                )
            })
            .collect();
        lines.sort();
        lines
    }

    fn http_lines(headers: &http::HeaderMap) -> Lines {
        lines(
            headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        )
    }

    fn actix_lines(headers: &HeaderMap) -> Lines {
        lines(
            headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        )
    }

    /// An actix-web request with these `Origin` lines.
    fn actix_request(origins: &[&'static str]) -> HttpRequest {
        origins
            .iter()
            .fold(
                actix_web::test::TestRequest::default(),
                |request, origin| request.append_header((ORIGIN, *origin)),
            )
            .to_http_request()
    }

    /// The headers of `apply` and of `Policy::apply` for the same policy, origin and handler
    /// `Vary`, each with its own form's origin check.
    fn both(
        policy: &'static Policy,
        origin: Option<&'static str>,
        handler_vary: &[&'static str],
    ) -> (Lines, Lines) {
        let mut request = http::HeaderMap::new();
        if let Some(origin) = origin {
            request.insert(http::header::ORIGIN, http::HeaderValue::from_static(origin));
        }
        let allowed = policy.allowed_origin(&request);
        let actix_allowed = allowed_origin(policy, &actix_request(origin.as_slice()));

        let mut expected = http::HeaderMap::new();
        let mut actual = HeaderMap::new();
        for vary in handler_vary {
            expected.append(http::header::VARY, http::HeaderValue::from_static(vary));
            actual.append(VARY, HeaderValue::from_static(vary));
        }
        policy.apply(allowed, &mut expected);
        apply(policy, actix_allowed, &mut actual);

        (http_lines(&expected), actix_lines(&actual))
    }

    #[test]
    fn the_actual_request_headers_are_those_of_the_http_forms() {
        let policies: [&'static Policy; 3] = [&credentialed::CORS, &public::CORS, &plain::CORS];
        let origins = [
            None,
            Some("https://app.example.com"),
            Some("https://a.example.org"),
            Some("https://evil.example.net"),
        ];
        let varies: [&[&'static str]; 4] = [
            &[],
            &["accept-encoding"],
            &["Accept-Encoding, origin"],
            &["*"],
        ];
        for policy in policies {
            for origin in origins {
                for vary in varies {
                    let (expected, actual) = both(policy, origin, vary);
                    assert_eq!(actual, expected, "{} {origin:?} {vary:?}", policy.name());
                }
            }
        }
    }

    #[test]
    fn the_answer_shares_the_bytes_of_the_request_or_the_policy() {
        // A pattern's answer is the request's own value: the same bytes, not a copy.
        let request = actix_request(&["https://a.example.org"]);
        let origin = request.headers().get(ORIGIN).expect("the request's Origin");
        let answer = allowed_origin(&credentialed::CORS, &request).expect("a pattern match");
        assert_eq!(answer, origin);
        assert_eq!(answer.as_bytes().as_ptr(), origin.as_bytes().as_ptr());

        // An exact origin's answer is the policy's own value, in its text.
        let request = actix_request(&["https://app.example.com"]);
        let answer = allowed_origin(&credentialed::CORS, &request).expect("an exact match");
        let listed = credentialed::CORS
            .allowed_origin(&http::HeaderMap::from_iter([(
                http::header::ORIGIN,
                http::HeaderValue::from_static("https://app.example.com"),
            )]))
            .expect("the policy's value");
        assert_eq!(answer.as_bytes().as_ptr(), listed.as_bytes().as_ptr());

        let any = allowed_origin(&public::CORS, &actix_request(&["https://a.example.org"]));
        assert_eq!(any, Some(ANY));
    }

    #[test]
    fn a_repeated_or_unknown_origin_gets_no_answer() {
        let repeated = actix_request(&["https://app.example.com", "https://app.example.com"]);
        assert_eq!(allowed_origin(&credentialed::CORS, &repeated), None);
        let unknown = actix_request(&["https://app.example.com.evil.net"]);
        assert_eq!(allowed_origin(&credentialed::CORS, &unknown), None);
        assert_eq!(
            allowed_origin(&credentialed::CORS, &actix_request(&[])),
            None
        );
    }

    /// The status and headers of a preflight answered by [`preflight`] and by
    /// `Policy::preflight` for the same request lines.
    fn both_preflights(
        policy: &'static Policy,
        request_lines: &[(&'static str, &'static str)],
    ) -> [(u16, Lines); 2] {
        let mut request = http::HeaderMap::new();
        let mut actix_request = actix_web::test::TestRequest::default().method(Method::OPTIONS);
        for (name, value) in request_lines {
            request.append(*name, http::HeaderValue::from_static(value));
            actix_request = actix_request.append_header((*name, *value));
        }
        let expected = policy.preflight(&request).into_response::<()>();
        let actual = preflight(policy, &actix_request.to_http_request());
        [
            (expected.status().as_u16(), http_lines(expected.headers())),
            (actual.status().as_u16(), actix_lines(actual.headers())),
        ]
    }

    #[test]
    fn a_preflight_is_answered_as_the_http_forms_answer_it() {
        let policies: [&'static Policy; 4] = [
            &guarded::CORS,
            &credentialed::CORS,
            &public::CORS,
            &plain::CORS,
        ];
        let origins: [&[&'static str]; 4] = [
            &["https://app.example.com"],
            &["https://a.example.org"],
            &["https://evil.example.net"],
            &["https://app.example.com", "https://app.example.com"],
        ];
        let methods: [&[&'static str]; 4] = [&["GET"], &["PUT"], &["get"], &["GET", "GET"]];
        let requested: [&[&'static str]; 5] = [
            &[],
            &["content-type"],
            &["Content-Type, x-api-key"],
            &["content-type", "x-api-key"],
            &["x-other"],
        ];
        let private_network: [&[&'static str]; 3] = [&[], &["true"], &["false"]];
        let mut accepted = 0;
        for policy in policies {
            for origin in origins {
                for method in methods {
                    for headers in requested {
                        for private in private_network {
                            let lines: Vec<(&'static str, &'static str)> = origin
                                .iter()
                                .map(|value| ("origin", *value))
                                .chain(
                                    method
                                        .iter()
                                        .map(|value| ("access-control-request-method", *value)),
                                )
                                .chain(
                                    headers
                                        .iter()
                                        .map(|value| ("access-control-request-headers", *value)),
                                )
                                .chain(private.iter().map(|value| {
                                    ("access-control-request-private-network", *value)
                                }))
                                .collect();
                            let [expected, actual] = both_preflights(policy, &lines);
                            assert_eq!(actual, expected, "{} {lines:?}", policy.name());
                            if expected.0 != 403 {
                                accepted += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(accepted > 0, "the grid holds accepted preflights too");
    }

    #[test]
    fn an_accepted_preflight_shares_the_bytes_of_the_policy_or_the_request() {
        let request = actix_web::test::TestRequest::default()
            .method(Method::OPTIONS)
            .append_header(("origin", "https://a.example.org"))
            .append_header(("access-control-request-method", "PUT"))
            .append_header(("access-control-request-private-network", "true"))
            .to_http_request();
        let response = preflight(&guarded::CORS, &request);
        assert_eq!(response.status(), StatusCode::OK);
        let origin = request.headers().get(ORIGIN).expect("the request's Origin");
        let answer = response
            .headers()
            .get(ACCESS_CONTROL_ALLOW_ORIGIN)
            .expect("an accepted preflight's origin");
        assert_eq!(answer.as_bytes().as_ptr(), origin.as_bytes().as_ptr());
        let methods = response
            .headers()
            .get(ACCESS_CONTROL_ALLOW_METHODS)
            .expect("the allowed methods");
        let policy_methods = guarded::CORS.parts().allow_methods.as_bytes();
        assert_eq!(methods.as_bytes().as_ptr(), policy_methods.as_ptr());
        assert_eq!(
            response
                .headers()
                .get("access-control-allow-private-network"),
            Some(&TRUE)
        );
    }
}
