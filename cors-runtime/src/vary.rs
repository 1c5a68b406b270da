//! Appending to `Vary` without overwriting or repeating what the handler set.
//!
//! When `Access-Control-Allow-Origin` depends on `Origin`, every response of the resource must
//! carry `Vary: Origin`, also those to requests without `Origin`, or a shared cache can serve one
//! origin's answer to another (Fetch Standard, "CORS protocol and HTTP caches").

use http::header::VARY;
use http::{HeaderMap, HeaderValue};

use crate::request_headers::trim_whitespace;

const ORIGIN: HeaderValue = HeaderValue::from_static("Origin");

/// The `Vary` of a preflight answer: it depends on all three request headers. OPTIONS responses
/// are not cacheable by default, but some CDNs cache them anyway.
pub(crate) const PREFLIGHT: HeaderValue = HeaderValue::from_static(PREFLIGHT_TEXT);
/// [`PREFLIGHT`] as text, for servers whose header values are not `http` 1's.
pub(crate) const PREFLIGHT_TEXT: &str =
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

/// The preflight `Vary` of a policy that answers Private Network Access requests.
pub(crate) const PREFLIGHT_PRIVATE_NETWORK: HeaderValue =
    HeaderValue::from_static(PREFLIGHT_PRIVATE_NETWORK_TEXT);
/// [`PREFLIGHT_PRIVATE_NETWORK`] as text.
pub(crate) const PREFLIGHT_PRIVATE_NETWORK_TEXT: &str = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network";

/// Appends `Origin` to the response's `Vary` unless it is there already (in any case) or the
/// response varies on everything (`Vary: *`).
pub(crate) fn append_origin(headers: &mut HeaderMap) {
    let values = headers.get_all(VARY).iter().map(HeaderValue::as_bytes);
    if !varies_on_origin(values) {
        headers.append(VARY, ORIGIN);
    }
}

/// Whether these `Vary` values already name `Origin` (in any case) or vary on everything
/// (`*`), taken as bytes so that the actix-web glue, whose header types are `http` 0.2's, reads
/// them by the same rule.
pub(crate) fn varies_on_origin<'v>(values: impl IntoIterator<Item = &'v [u8]>) -> bool {
    values.into_iter().any(|value| {
        value.split(|byte| *byte == b',').any(|token| {
            let token = trim_whitespace(token);
            token == b"*" || token.eq_ignore_ascii_case(b"origin")
        })
    })
}
