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

    /// The generated async plain-`http` handler's body: answers a preflight with the policy
    /// (when polled), or calls the handler and wraps its future to add the actual-request
    /// headers when it completes. One generic call rather than the match written out in every
    /// handler, for the compiler.
    #[inline]
    fn serve_future<B, F>(
        policy: &'static Policy,
        request: Request<B>,
        handler: impl FnOnce(Request<B>) -> F,
    ) -> WithCors<F>
    where
        F: Future<Output = Self>,
    {
        match front(policy, &request) {
            Front::Preflight(outcome) => WithCors::answered((outcome, request_headers(request))),
            Front::Actual(origin) => WithCors::handled(handler(request), policy, origin),
        }
    }

    /// The generated synchronous plain-`http` handler's body: answers a preflight with the
    /// policy, or calls the handler and adds the actual-request headers to its answer. One
    /// generic call rather than the match written out in every handler, for the compiler.
    #[inline]
    fn serve<B>(
        policy: &Policy,
        request: Request<B>,
        handler: impl FnOnce(Request<B>) -> Self,
    ) -> Self {
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

/// A generated handler's form (plain `http` or axum), as its future's state needs it.
pub trait Form {
    /// An answer known before the handler runs, as the future holds it until polled.
    type Early;
}

/// How a generated handler's future finishes the user's output: adds the actual-request
/// headers, in the output type of the handler's form.
pub trait Finish<T>: Form {
    /// What the generated handler's future yields.
    type Output;
    /// The answer for an [`Early`](Form::Early) value.
    fn early(early: Self::Early) -> Self::Output;
    /// The user's output with the headers for `origin` (when allowed).
    fn finish(output: T, policy: &Policy, origin: Option<HeaderValue>) -> Self::Output;
}

/// The plain `http` form's [`Finish`]: the user's own response type.
#[derive(Debug)]
pub enum Http {}

impl Form for Http {
    /// A preflight's outcome and the request's header map, which its answer reuses.
    type Early = (PreflightOutcome<'static>, HeaderMap);
}

impl<T: HttpResponse> Finish<T> for Http {
    type Output = T;

    #[inline]
    fn early((outcome, headers): (PreflightOutcome<'static>, HeaderMap)) -> T {
        T::from_preflight(outcome, headers)
    }

    #[inline]
    fn finish(mut output: T, policy: &Policy, origin: Option<HeaderValue>) -> T {
        output.with_cors(policy, origin);
        output
    }
}

pin_project! {
    /// The future of a generated handler around an `async fn`: an answer known at once (a
    /// preflight's outcome, built into a response when polled, or an extractor's rejection),
    /// or the user's future, whose output gets the actual-request headers when it completes.
    /// The generated handler is a plain function returning this, not an `async fn` around the
    /// user's: one state machine instead of two, for the compiler and at run time. `K` is the
    /// form (see [`Form`] and [`Finish`]).
    #[project = CorsFutureProjection]
    #[allow(missing_docs, reason = "pin-project-lite takes no doc comments on variant fields")]
    pub enum CorsFuture<F, K>
    where
        K: Form,
    {
        /// Answered without calling the handler, until it is returned. The plain `http` form
        /// keeps the preflight's outcome and the request's header map, which the answer reuses,
        /// rather than the response they become.
        Answered {
            early: Option<K::Early>,
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

/// The future of a generated async plain-`http` handler.
pub type WithCors<F> = CorsFuture<F, Http>;

impl<F, K: Form> CorsFuture<F, K> {
    /// An answer known at once: for the plain `http` form a preflight outcome, for axum a response.
    pub fn answered(early: K::Early) -> Self {
        CorsFuture::Answered { early: Some(early) }
    }

    /// The handler's future, for an actual request from `origin` (when allowed).
    pub fn handled(handler: F, policy: &'static Policy, origin: Option<HeaderValue>) -> Self {
        CorsFuture::Handled {
            handler,
            policy,
            origin,
        }
    }
}

impl<F, K> Future for CorsFuture<F, K>
where
    F: Future,
    K: Finish<F::Output>,
{
    type Output = K::Output;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<K::Output> {
        match self.project() {
            CorsFutureProjection::Answered { early } => match early.take() {
                Some(early) => Poll::Ready(K::early(early)),
                // Polled again after completion: stay pending rather than panic, as a fused
                // future would (no executor does this).
                None => Poll::Pending,
            },
            CorsFutureProjection::Handled {
                handler,
                policy,
                origin,
            } => match handler.poll(context) {
                Poll::Ready(output) => Poll::Ready(K::finish(output, policy, origin.take())),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
