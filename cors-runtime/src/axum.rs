//! The axum glue: extractor wrappers that keep rejections answerable with CORS headers, and the
//! preflight and 405 handlers. Everything here is used by generated code; not a public API.

use core::convert::Infallible;
use core::future::{ready, Future, Ready};
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::extract::{FromRequest, FromRequestParts, Request};
use axum_core::response::{IntoResponse, Response};
use http::header::ALLOW;
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use pin_project_lite::pin_project;

use crate::http_handler::request_headers;
use crate::policy::Policy;
use crate::policy_set::PolicySet;
use crate::preflight::{evaluate_if_preflight, is_preflight};

/// Names the policy of a handler's companion module in types: [`CorsHandler`]'s, and the
/// generated handler's extractors' (so that the first extractor can match the origin without
/// cloning anything).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `#[cors]` policy",
    note = "this trait is implemented by the companion module that `#[cors]` generates"
)]
pub trait PolicySource: 'static {
    /// The methods the policy allows, as written in the attribute (`"*"` for any), for the
    /// checks of `cors_route!` and `preflight!`; empty when the companion module's
    /// `MethodSet` says the same ([`MethodSet::WRITTEN`](crate::__private::MethodSet::WRITTEN)),
    /// as it does for most policies. A constant is a body the compiler builds and checks for
    /// every handler, evaluated or not: in a crate of 200 one-line handlers, writing it in every
    /// companion module cost 3.3 % of `cargo check`'s instructions
    /// (`scripts/compile-instructions.sh`).
    const METHODS: &'static [&'static str] = &[];

    /// The handler's policy.
    fn policy() -> &'static Policy;
}

/// Marks a request whose earlier extractor rejected it, so that later extractors (a body
/// extractor above all) do not run, as in axum's own handlers.
#[derive(Clone, Copy, Debug)]
struct EarlierRejection;

enum Extracted<T> {
    Value(T),
    Rejected(Response),
    Skipped,
}

/// An extractor that never rejects: it holds the inner extractor's value or its rejection as a
/// response, so the generated handler can add CORS headers to the rejection.
pub struct Arg<T>(Extracted<T>);

impl<T> Arg<T> {
    /// The extracted value, or the response to answer with.
    #[allow(
        clippy::result_large_err,
        reason = "the error is the response the handler returns at once; boxing it would allocate per rejection"
    )]
    pub fn into_result(self) -> Result<T, Response> {
        match self.0 {
            Extracted::Value(value) => Ok(value),
            Extracted::Rejected(response) => Err(response),
            // Only reached if a generated handler checked its arguments out of order, which the
            // macro never does: answer as an internal error rather than panic.
            Extracted::Skipped => Err(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        }
    }
}

async fn extract_parts<S, T>(parts: &mut Parts, state: &S) -> Extracted<T>
where
    S: Send + Sync,
    T: FromRequestParts<S>,
{
    if parts.extensions.get::<EarlierRejection>().is_some() {
        return Extracted::Skipped;
    }
    match T::from_request_parts(parts, state).await {
        Ok(value) => Extracted::Value(value),
        Err(rejection) => {
            parts.extensions.insert(EarlierRejection);
            Extracted::Rejected(rejection.into_response())
        }
    }
}

async fn extract_request<S, T>(request: Request, state: &S) -> Extracted<T>
where
    S: Send + Sync,
    T: FromRequest<S>,
{
    if request.extensions().get::<EarlierRejection>().is_some() {
        return Extracted::Skipped;
    }
    match T::from_request(request, state).await {
        Ok(value) => Extracted::Value(value),
        Err(rejection) => Extracted::Rejected(rejection.into_response()),
    }
}

impl<S, T> FromRequestParts<S> for Arg<T>
where
    S: Send + Sync,
    T: FromRequestParts<S>,
{
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Arg(extract_parts::<S, T>(parts, state).await))
    }
}

impl<S, T> FromRequest<S> for Arg<T>
where
    S: Send + Sync,
    T: FromRequest<S>,
{
    type Rejection = Infallible;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(Arg(extract_request::<S, T>(request, state).await))
    }
}

/// The first argument of a generated handler: the user's first extractor plus the allowed
/// origin, read before any extractor runs (a body extractor consumes the request). The policy's
/// type names the policy, so the extractor answers its own rejection with the CORS headers, and
/// axum returns it without running the later extractors; the handler has nothing to unpack.
pub struct FirstArg<T, P> {
    origin: Option<HeaderValue>,
    value: T,
    policy: PhantomData<fn() -> P>,
}

impl<T, P> FirstArg<T, P> {
    /// The allowed origin and the argument.
    pub fn into_parts(self) -> (Option<HeaderValue>, T) {
        (self.origin, self.value)
    }
}

impl<T, P: PolicySource> FirstArg<T, P> {
    /// The argument, or its extractor's rejection with the CORS headers for `origin`.
    #[allow(
        clippy::result_large_err,
        reason = "the error is axum's rejection, the response it returns at once; boxing it would allocate per rejection"
    )]
    fn extracted(
        origin: Option<HeaderValue>,
        extracted: Result<T, impl IntoResponse>,
    ) -> Result<Self, Response> {
        match extracted {
            Ok(value) => Ok(FirstArg {
                origin,
                value,
                policy: PhantomData,
            }),
            Err(rejection) => Err(finish(P::policy(), origin, rejection)),
        }
    }
}

impl<S, T, P> FromRequestParts<S> for FirstArg<T, P>
where
    S: Send + Sync,
    T: FromRequestParts<S>,
    P: PolicySource,
{
    type Rejection = Response;

    fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        let origin = P::policy().actual_origin(&parts.headers);
        async move { FirstArg::extracted(origin, T::from_request_parts(parts, state).await) }
    }
}

impl<S, T, P> FromRequest<S> for FirstArg<T, P>
where
    S: Send + Sync,
    T: FromRequest<S>,
    P: PolicySource,
{
    type Rejection = Response;

    fn from_request(
        request: Request,
        state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        let origin = P::policy().actual_origin(request.headers());
        async move { FirstArg::extracted(origin, T::from_request(request, state).await) }
    }
}

/// The request's single `Origin` header (`None` when it has none, or several), for an
/// associated handler in an impl without `#[cors]`: its policy is an associated constant, which
/// an extractor's type cannot name, so the origin is checked in the handler.
pub struct RawOrigin(Option<HeaderValue>);

impl RawOrigin {
    fn of(headers: &http::HeaderMap) -> Self {
        RawOrigin(crate::origin::single_value(headers, &http::header::ORIGIN).cloned())
    }

    /// The `Access-Control-Allow-Origin` value of `policy` for this origin.
    pub fn allowed(self, policy: &Policy) -> Option<HeaderValue> {
        policy.actual_origin_single(self.0.as_ref())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RawOrigin {
    type Rejection = Infallible;

    fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        ready(Ok(RawOrigin::of(&parts.headers)))
    }
}

/// [`FirstArg`] with a [`RawOrigin`].
pub struct RawFirstArg<T> {
    origin: RawOrigin,
    arg: Arg<T>,
}

impl<T> RawFirstArg<T> {
    /// The origin and the argument.
    pub fn into_parts(self) -> (RawOrigin, Arg<T>) {
        (self.origin, self.arg)
    }
}

impl<S, T> FromRequestParts<S> for RawFirstArg<T>
where
    S: Send + Sync,
    T: FromRequestParts<S>,
{
    type Rejection = Infallible;

    fn from_request_parts(
        parts: &mut Parts,
        state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        let origin = RawOrigin::of(&parts.headers);
        async move {
            Ok(RawFirstArg {
                origin,
                arg: Arg(extract_parts::<S, T>(parts, state).await),
            })
        }
    }
}

impl<S, T> FromRequest<S> for RawFirstArg<T>
where
    S: Send + Sync,
    T: FromRequest<S>,
{
    type Rejection = Infallible;

    fn from_request(
        request: Request,
        state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        let origin = RawOrigin::of(request.headers());
        async move {
            Ok(RawFirstArg {
                origin,
                arg: Arg(extract_request::<S, T>(request, state).await),
            })
        }
    }
}

/// The only argument of a generated handler whose own function takes none.
pub struct OriginOnly<P> {
    origin: Option<HeaderValue>,
    policy: PhantomData<fn() -> P>,
}

impl<P> OriginOnly<P> {
    /// The allowed origin.
    pub fn into_origin(self) -> Option<HeaderValue> {
        self.origin
    }
}

impl<S, P> FromRequestParts<S> for OriginOnly<P>
where
    S: Send + Sync,
    P: PolicySource,
{
    type Rejection = Infallible;

    fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> impl Future<Output = Result<Self, Self::Rejection>> + Send {
        ready(Ok(OriginOnly {
            origin: P::policy().actual_origin(&parts.headers),
            policy: PhantomData,
        }))
    }
}

/// Adds the actual-request headers to the handler's response (or an extractor's rejection).
pub fn finish(
    policy: &Policy,
    origin: Option<HeaderValue>,
    response: impl IntoResponse,
) -> Response {
    let mut response = response.into_response();
    policy.apply(origin, response.headers_mut());
    response
}

fn method_not_allowed(allow: &HeaderValue) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response.headers_mut().insert(ALLOW, allow.clone());
    response
}

/// The companion module's `preflight` handler: answers a preflight with the policy; any other
/// `OPTIONS` request gets the 405 it would get without CORS, with actual-request CORS headers.
pub fn preflight(policy: &'static Policy, request: Request) -> Response {
    if let Some(outcome) = evaluate_if_preflight(policy, request.method(), request.headers()) {
        return outcome.into_response_in(request_headers(request));
    }
    policy_method_not_allowed(policy, &request)
}

/// The 405 of a path with one policy, with its actual-request CORS headers so that the page can
/// read the status instead of seeing an opaque CORS failure.
fn policy_method_not_allowed(policy: &Policy, request: &Request) -> Response {
    let mut response = method_not_allowed(policy.allow());
    policy.apply(
        policy.actual_origin(request.headers()),
        response.headers_mut(),
    );
    response
}

/// [`finish`], ready: the response of a generated handler around a synchronous function.
pub fn finish_ready(
    policy: &Policy,
    origin: Option<HeaderValue>,
    response: impl IntoResponse,
) -> Ready<Response> {
    ready(finish(policy, origin, response))
}

pin_project! {
    /// The future of a handler that `cors_route!` routes ([`CorsHandler`]) and of a generated
    /// axum handler around an `async fn`: an answer known at once (an extractor's rejection),
    /// or the user's future, whose output becomes a response with the actual-request headers
    /// when it completes. The generated handler is a plain function returning this, not an
    /// `async fn` around the user's: one state machine instead of two, for the compiler and at
    /// run time.
    #[project = CorsResponseProjection]
    #[allow(missing_docs, reason = "pin-project-lite takes no doc comments on variant fields")]
    pub enum CorsResponse<F> {
        /// Answered without calling the handler, until it is returned.
        Answered {
            response: Option<Response>,
        },
        /// An actual request, in the handler.
        Handled {
            #[pin]
            handler: F,
            policy: &'static Policy,
            origin: Option<HeaderValue>,
        },
    }
}

impl<F> CorsResponse<F>
where
    F: Future,
    F::Output: IntoResponse,
{
    /// The user's future, for an actual request from `origin` (when allowed). The generated
    /// handler names it on the return type's token, where a wrong return type is reported.
    pub fn respond(handler: F, policy: &'static Policy, origin: Option<HeaderValue>) -> Self {
        CorsResponse::Handled {
            handler,
            policy,
            origin,
        }
    }

    /// An extractor's rejection, answered with the CORS headers of `origin`.
    pub fn rejected(
        policy: &'static Policy,
        origin: Option<HeaderValue>,
        rejection: Response,
    ) -> Self {
        CorsResponse::Answered {
            response: Some(finish(policy, origin, rejection)),
        }
    }
}

impl<F> Future for CorsResponse<F>
where
    F: Future,
    F::Output: IntoResponse,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Response> {
        match self.project() {
            CorsResponseProjection::Answered { response } => match response.take() {
                Some(response) => Poll::Ready(response),
                // Polled again after completion: stay pending rather than panic, as a fused
                // future would (no executor does this).
                None => Poll::Pending,
            },
            CorsResponseProjection::Handled {
                handler,
                policy,
                origin,
            } => match handler.poll(context) {
                Poll::Ready(output) => Poll::Ready(finish(policy, origin.take(), output)),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

/// The axum handler of one policy's `OPTIONS` requests: a value rather than a generated `async
/// fn` per handler, so that routing a preflight costs the compiler one constant.
#[derive(Clone, Copy, Debug)]
pub struct PreflightHandler(pub &'static Policy);

/// The marker of [`PreflightHandler`]'s `Handler` implementation.
#[derive(Clone, Copy, Debug)]
pub struct PreflightRequest;

impl<S> axum::handler::Handler<PreflightRequest, S> for PreflightHandler {
    type Future = Ready<Response>;

    fn call(self, request: Request, _state: S) -> Self::Future {
        ready(preflight(self.0, request))
    }
}

/// The fallback of a path routed with `cors_route!` and one handler: the router's answer to a
/// method it does not route, the policy's 405.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MethodNotAllowed(pub &'static Policy);

impl<S> axum::handler::Handler<PreflightRequest, S> for MethodNotAllowed {
    type Future = Ready<Response>;

    fn call(self, request: Request, _state: S) -> Self::Future {
        ready(policy_method_not_allowed(self.0, &request))
    }
}

/// The method router `cors_route!` expands to for one handler: the function in a
/// [`CorsHandler`] of the policy `P` names on `method` (one or several methods), the policy's
/// preflight on `OPTIONS`, and its 405 for any other method. Built in a function generic over
/// the router's state, so that the routing calls are checked here, once, and the user's router
/// pays for one call per path. Called through `route_0` to `route_16` (in `routed.rs`), which
/// the handler's companion module names after its number of arguments, and directly for a
/// handler of more arguments than axum takes (axum's own error).
pub fn route_any<P, H, T, S>(
    method: axum::routing::MethodFilter,
    handler: H,
    policy: P,
) -> axum::routing::MethodRouter<S>
where
    P: PolicySource,
    H: axum::handler::Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    axum::routing::on(method, with_cors(handler, policy))
        .options(PreflightHandler(P::policy()))
        .fallback(MethodNotAllowed(P::policy()))
}

/// The user's function of a `#[cors]` axum handler with its policy: an axum handler whose every
/// answer carries the actual-request CORS headers, an extractor's rejection included. axum's
/// own `Handler` implementation of the function extracts its arguments and calls it; this one
/// reads the request's origin first and adds the headers to what comes out. `cors_route!` and
/// `cors_handler!` route the function this way; the function's own name is not a handler (see
/// [`use_cors_route`](crate::__private::use_cors_route)). The policy is named by its marker
/// type, so that the handler is as small as the function (for a function item, nothing): axum
/// clones it into a box for every request, which allocates nothing for a value of no size.
pub struct CorsHandler<H, P> {
    handler: H,
    policy: PhantomData<fn() -> P>,
}

impl<H: Clone, P> Clone for CorsHandler<H, P> {
    fn clone(&self) -> Self {
        CorsHandler {
            handler: self.handler.clone(),
            policy: PhantomData,
        }
    }
}

/// `handler` answering with the actual-request headers of the policy that `_policy` names.
pub fn with_cors<H, P: PolicySource>(handler: H, _policy: P) -> CorsHandler<H, P> {
    CorsHandler {
        handler,
        policy: PhantomData,
    }
}

impl<H, T, S, P> axum::handler::Handler<T, S> for CorsHandler<H, P>
where
    H: axum::handler::Handler<T, S>,
    S: Send + 'static,
    P: PolicySource,
{
    type Future = CorsResponse<H::Future>;

    fn call(self, request: Request, state: S) -> Self::Future {
        let policy = P::policy();
        let origin = policy.actual_origin(request.headers());
        CorsResponse::respond(self.handler.call(request, state), policy, origin)
    }
}

/// The handler `preflight!` expands to: picks the policy by `Access-Control-Request-Method`.
pub fn set_preflight(
    set: &'static PolicySet,
) -> impl FnOnce(Request) -> Ready<Response> + Clone + Send + Sync + 'static {
    move |request: Request| {
        if is_preflight(request.method(), request.headers()) {
            let outcome = set.preflight(request.headers());
            return ready(outcome.into_response_in(request_headers(request)));
        }
        ready(set_method_not_allowed_response(set, &request))
    }
}

/// The fallback `cors_route!` installs: the router's 405, with CORS headers so that the page can
/// read the status instead of seeing an opaque CORS failure.
pub fn set_method_not_allowed(
    set: &'static PolicySet,
) -> impl FnOnce(Request) -> Ready<Response> + Clone + Send + Sync + 'static {
    move |request: Request| ready(set_method_not_allowed_response(set, &request))
}

fn set_method_not_allowed_response(set: &PolicySet, request: &Request) -> Response {
    let mut response = method_not_allowed(set.allow());
    set.apply(request.headers(), response.headers_mut());
    response
}
