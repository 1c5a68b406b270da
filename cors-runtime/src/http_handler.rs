//! The plain `http` form: `fn(http::Request<B>) -> http::Response<B2>` keeps its signature and
//! answers preflights itself, since there is no router to send them elsewhere.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use http::{HeaderMap, HeaderValue, Request, Response};
use pin_project_lite::pin_project;

use crate::policy::Policy;
use crate::preflight::{evaluate_if_preflight, PreflightOutcome};

/// What the generated plain-`http` handler does with a request.
#[derive(Debug)]
pub(crate) enum Front<'p> {
    /// A preflight: answer it without calling the handler.
    Preflight(PreflightOutcome<'p>),
    /// An actual request: call the handler, then add headers for this allowed origin.
    Actual(Option<HeaderValue>),
}

/// A preflight request's header map, for its answer to reuse
/// ([`PreflightOutcome::into_response_in`]).
#[inline]
pub(crate) fn request_headers<B>(request: Request<B>) -> HeaderMap {
    request.into_parts().0.headers
}

/// Sorts a request into preflight or actual.
#[inline]
pub(crate) fn front<'p, B>(policy: &'p Policy, request: &Request<B>) -> Front<'p> {
    match evaluate_if_preflight(policy, request.method(), request.headers()) {
        Some(outcome) => Front::Preflight(outcome),
        None => Front::Actual(policy.actual_origin(request.headers())),
    }
}

/// The return types a plain-`http` `#[cors]` handler may have.
#[diagnostic::on_unimplemented(
    message = "`#[cors]` on a plain `http` handler needs it to return `http::Response<B>` or `Result<http::Response<B>, E>` with `B: Default`, not `{Self}`",
    note = "for an axum handler, write `form = axum` in the attribute"
)]
pub trait HttpResponse: Sized {
    /// The preflight answer as this type, its headers in the request's map (emptied first).
    fn from_preflight(outcome: PreflightOutcome<'_>, headers: HeaderMap) -> Self;
    /// Adds the actual-request headers to the handler's answer.
    fn with_cors(&mut self, policy: &Policy, origin: Option<HeaderValue>);

    /// The generated synchronous plain-`http` handler's body: answers a preflight with the
    /// policy, or calls the handler and adds the actual-request headers to its answer. A
    /// method, so that the macro names the trait on the return type's token, where a return
    /// type the form cannot answer with is reported.
    #[inline]
    fn serve<B>(policy: &Policy, request: Request<B>, handler: fn(Request<B>) -> Self) -> Self {
        match front(policy, &request) {
            Front::Preflight(outcome) => Self::from_preflight(outcome, request_headers(request)),
            Front::Actual(origin) => {
                let mut response = handler(request);
                response.with_cors(policy, origin);
                response
            }
        }
    }
}

impl<B: Default> HttpResponse for Response<B> {
    fn from_preflight(outcome: PreflightOutcome<'_>, headers: HeaderMap) -> Self {
        outcome.into_response_in(headers)
    }

    #[inline]
    fn with_cors(&mut self, policy: &Policy, origin: Option<HeaderValue>) {
        policy.apply(origin, self.headers_mut());
    }
}

impl<B: Default, E> HttpResponse for Result<Response<B>, E> {
    fn from_preflight(outcome: PreflightOutcome<'_>, headers: HeaderMap) -> Self {
        Ok(outcome.into_response_in(headers))
    }

    #[inline]
    fn with_cors(&mut self, policy: &Policy, origin: Option<HeaderValue>) {
        if let Ok(response) = self {
            response.with_cors(policy, origin);
        }
    }
}

/// The generated async plain-`http` handler's body: answers a preflight with the policy (when
/// polled), or calls the handler and wraps its future to add the actual-request headers when it
/// completes. One generic call rather than the match written out in every handler, for the
/// compiler. A method of [`HttpResponse`], a bound by it, or a handler of any `FnOnce` type
/// rather than a function pointer would each cost the compiler more for every handler (see
/// BENCHMARKS-HISTORY.md). A return type the form cannot answer with is reported where the
/// generated function's `impl Future` return type, written on the return type's token, needs
/// [`WithCors`] to be a future.
#[inline]
pub fn serve_future<B, F: Future>(
    policy: &'static Policy,
    request: Request<B>,
    handler: fn(Request<B>) -> F,
) -> WithCors<F> {
    match front(policy, &request) {
        Front::Preflight(outcome) => WithCors::Answered {
            early: Some((outcome, request_headers(request))),
        },
        Front::Actual(origin) => WithCors::Handled {
            handler: handler(request),
            policy,
            origin,
        },
    }
}

pin_project! {
    /// The future of a generated plain-`http` handler around an `async fn`: a preflight's
    /// outcome and the request's header map (which the answer reuses), built into a response
    /// when polled, or the user's future, whose response gets the actual-request headers when it
    /// completes. The generated handler is a plain function returning this, not an `async fn`
    /// around the user's: one state machine instead of two, for the compiler and at run time.
    #[project = WithCorsProjection]
    #[allow(missing_docs, reason = "pin-project-lite takes no doc comments on variant fields")]
    pub enum WithCors<F> {
        /// A preflight, answered without calling the handler.
        Answered {
            early: Option<(PreflightOutcome<'static>, HeaderMap)>,
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

impl<F> Future for WithCors<F>
where
    F: Future,
    F::Output: HttpResponse,
{
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<F::Output> {
        match self.project() {
            WithCorsProjection::Answered { early } => match early.take() {
                Some((outcome, headers)) => {
                    Poll::Ready(F::Output::from_preflight(outcome, headers))
                }
                // Polled again after completion: stay pending rather than panic, as a fused
                // future would (no executor does this).
                None => Poll::Pending,
            },
            WithCorsProjection::Handled {
                handler,
                policy,
                origin,
            } => match handler.poll(context) {
                Poll::Ready(mut response) => {
                    response.with_cors(policy, origin.take());
                    Poll::Ready(response)
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
