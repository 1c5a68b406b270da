//! The plain `http` form: `fn(http::Request<B>) -> http::Response<B2>` keeps its signature and
//! answers preflights itself, since there is no router to send them elsewhere.

use http::{HeaderValue, Request, Response};

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
