//! Running a future or a `tower::Service` to completion without an async runtime.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use tower::Service;

/// Polls `future` once with a no-op waker and returns its output.
///
/// # Panics
///
/// When the future is not ready after one poll: every handler of the benchmark answers at once.
pub fn run_once<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the benchmark's handlers answer without waiting"),
    }
}

/// Sends one request through a service the way a server does: `poll_ready`, then `call`, then
/// the response future, each polled once.
///
/// # Panics
///
/// When the service is not ready or its future is pending after one poll.
pub fn call_service<S, Request>(service: &mut S, request: Request) -> S::Response
where
    S: Service<Request, Error = Infallible>,
{
    let mut context = Context::from_waker(Waker::noop());
    let Poll::Ready(Ok(())) = service.poll_ready(&mut context) else {
        panic!("the benchmark's services are always ready");
    };
    let Ok(response) = run_once(service.call(request));
    response
}
