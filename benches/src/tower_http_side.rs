//! tower-http's `CorsLayer`, configured as the `#[cors]` policies are, around the same handler.

use std::convert::Infallible;
use std::time::Duration;

use http::header::CONTENT_TYPE;
use http::{HeaderName, HeaderValue, Method, Request, Response};
use tower::{service_fn, Layer, Service};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::ours::{plain, Body};

/// The layer of case a with these allowed origins: methods `GET`, `POST`; request headers
/// `content-type`, `x-api-key`; credentials; exposed `x-request-id`; max age 600 s.
pub(crate) fn layer(allow_origin: AllowOrigin) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(allow_origin)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([CONTENT_TYPE, HeaderName::from_static("x-api-key")])
        .allow_credentials(true)
        .expose_headers([HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(600))
}

/// The baseline handler as a `tower::Service`.
async fn handler(request: Request<()>) -> Result<Response<Body>, Infallible> {
    Ok(plain(request).await)
}

/// The handler behind tower-http's `CorsLayer` allowing `origins`.
pub(crate) fn service(
    origins: &[&'static str],
) -> impl Service<Request<()>, Response = Response<Body>, Error = Infallible> {
    let list = origins
        .iter()
        .map(|origin| HeaderValue::from_static(origin))
        .collect::<Vec<_>>();
    layer(AllowOrigin::list(list)).layer(service_fn(handler))
}

/// The handler behind tower-http's `CorsLayer` allowing `https://*.example.com`, the way a
/// tower-http user writes it: a predicate. It checks what `#[cors]`'s pattern checks, whole
/// labels of a host before `.example.com`, so that both do the same work.
pub(crate) fn subdomain_service(
) -> impl Service<Request<()>, Response = Response<Body>, Error = Infallible> {
    let predicate = AllowOrigin::predicate(|origin, _request| {
        origin
            .as_bytes()
            .strip_prefix(b"https://")
            .and_then(|rest| rest.strip_suffix(b".example.com"))
            .is_some_and(|labels| {
                labels.split(|byte| *byte == b'.').all(|label| {
                    !label.is_empty()
                        && label.iter().all(|byte| {
                            byte.is_ascii_lowercase() || byte.is_ascii_digit() || *byte == b'-'
                        })
                })
            })
    });
    layer(predicate).layer(service_fn(handler))
}
