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
pub(crate) const PREFLIGHT: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);

/// The preflight `Vary` of a policy that answers Private Network Access requests.
pub(crate) const PREFLIGHT_PRIVATE_NETWORK: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
);

/// Appends `Origin` to the response's `Vary` unless it is there already (in any case) or the
/// response varies on everything (`Vary: *`).
pub(crate) fn append_origin(headers: &mut HeaderMap) {
    let already_varies = headers.get_all(VARY).iter().any(|value| {
        value.as_bytes().split(|byte| *byte == b',').any(|token| {
            let token = trim_whitespace(token);
            token == b"*" || token.eq_ignore_ascii_case(b"origin")
        })
    });
    if !already_varies {
        headers.append(VARY, ORIGIN);
    }
}
