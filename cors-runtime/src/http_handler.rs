//! The plain `http` form: `fn(http::Request<B>) -> http::Response<B2>` keeps its signature and
//! answers preflights itself, since there is no router to send them elsewhere.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use http::{HeaderValue, Request, Response};
use pin_project_lite::pin_project;

use crate::policy::Policy;
use crate::preflight::{is_preflight, PreflightOutcome};

/// What the generated plain-`http` handler does with a request.
#[derive(Debug)]
pub enum Front<'p> {
    /// A preflight: answer it without calling the handler.
    Preflight(PreflightOutcome<'p>),
    /// An actual request: call the handler, then add headers for this allowed origin.
    Actual(Option<HeaderValue>),
}

/// Sorts a request into preflight or actual.
pub fn front<'p, B>(policy: &'p Policy, request: &Request<B>) -> Front<'p> {
    if is_preflight(request.method(), request.headers()) {
        Front::Preflight(policy.preflight(request.headers()))
    } else {
        Front::Actual(policy.actual_origin(request.headers()))
    }
}

/// The return types a plain-`http` `#[cors]` handler may have.
#[diagnostic::on_unimplemented(
    message = "`#[cors]` on a plain `http` handler needs it to return `http::Response<B>` or `Result<http::Response<B>, E>` with `B: Default`, not `{Self}`",
    note = "for an axum handler, write `form = axum` in the attribute"
)]
pub trait HttpResponse: Sized {
    /// The preflight answer as this type.
    fn from_preflight(outcome: PreflightOutcome<'_>) -> Self;
    /// The handler's answer with the actual-request headers added.
    fn with_cors(self, policy: &Policy, origin: Option<HeaderValue>) -> Self;
}

impl<B: Default> HttpResponse for Response<B> {
    fn from_preflight(outcome: PreflightOutcome<'_>) -> Self {
        outcome.into_response()
    }

    fn with_cors(mut self, policy: &Policy, origin: Option<HeaderValue>) -> Self {
        policy.apply(origin, self.headers_mut());
        self
    }
}

impl<B: Default, E> HttpResponse for Result<Response<B>, E> {
    fn from_preflight(outcome: PreflightOutcome<'_>) -> Self {
        Ok(outcome.into_response())
    }

    fn with_cors(self, policy: &Policy, origin: Option<HeaderValue>) -> Self {
        self.map(|response| response.with_cors(policy, origin))
    }
}

pin_project! {
    /// The future of a generated async plain-`http` handler: the preflight answer, ready at
    /// once, or the user's handler, whose response gets the actual-request headers when it
    /// completes. `response` is the answer until it is returned; `origin` the
    /// `Access-Control-Allow-Origin` for an allowed origin.
    #[project = WithCorsProjection]
    #[allow(missing_docs, reason = "pin-project-lite takes no doc comments on variant fields")]
    pub enum WithCors<F: Future> {
        /// A preflight, answered without calling the handler.
        Answered {
            response: Option<F::Output>,
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

impl<F: Future> WithCors<F> {
    /// A preflight's answer.
    pub fn answered(response: F::Output) -> Self {
        WithCors::Answered {
            response: Some(response),
        }
    }

    /// The handler's future, for an actual request from `origin` (when allowed).
    pub fn handled(handler: F, policy: &'static Policy, origin: Option<HeaderValue>) -> Self {
        WithCors::Handled {
            handler,
            policy,
            origin,
        }
    }
}

impl<F> Future for WithCors<F>
where
    F: Future,
    F::Output: HttpResponse,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<F::Output> {
        match self.project() {
            WithCorsProjection::Answered { response } => match response.take() {
                Some(response) => Poll::Ready(response),
                // Polled again after completion: stay pending rather than panic, as a fused
                // future would (no executor does this).
                None => Poll::Pending,
            },
            WithCorsProjection::Handled {
                handler,
                policy,
                origin,
            } => match handler.poll(context) {
                Poll::Ready(response) => Poll::Ready(response.with_cors(policy, origin.take())),
                Poll::Pending => Poll::Pending,
            },
        }
    }
}
