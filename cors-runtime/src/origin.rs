//! Matching the request's `Origin` header against the policy's origins.
//!
//! Browsers send `Origin` as `scheme://host[:port]`, already canonical (Fetch Standard, "origin"
//! serialization), so a byte-for-byte comparison against the canonical origins the macro
//! validated is both exact and safe: no prefix, suffix or case games can get through.

use http::header::ORIGIN;
use http::{HeaderMap, HeaderName, HeaderValue};

/// `Access-Control-Allow-Origin: *`.
pub(crate) const ANY: HeaderValue = HeaderValue::from_static("*");

/// Which origins a policy admits. Built by the macro; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub enum AllowedOrigins {
    /// `origins = ["*"]`: every origin, answered with a constant `*`.
    Any,
    /// A fixed list of canonical origins.
    Exact {
        /// The origins as written, for inspection and messages.
        list: &'static [&'static str],
        /// Compiled by the macro: returns the constant header value equal to the origin bytes.
        matcher: fn(&[u8]) -> Option<&'static HeaderValue>,
    },
}

impl AllowedOrigins {
    pub(crate) fn depends_on_origin(&self) -> bool {
        !matches!(self, AllowedOrigins::Any)
    }

    pub(crate) fn allowed(&self, request_headers: &HeaderMap) -> Option<HeaderValue> {
        match self {
            AllowedOrigins::Any => Some(ANY),
            AllowedOrigins::Exact { matcher, .. } => {
                let origin = single_value(request_headers, &ORIGIN)?;
                matcher(origin.as_bytes()).cloned()
            }
        }
    }

    /// The origins as written in the attribute (`["*"]` for any).
    pub(crate) fn list(&self) -> &'static [&'static str] {
        match self {
            AllowedOrigins::Any => &["*"],
            AllowedOrigins::Exact { list, .. } => list,
        }
    }
}

/// The header's value when it occurs exactly once. A repeated `Origin` or
/// `Access-Control-Request-Method` is not something a browser sends; it is refused rather than
/// guessed at.
pub(crate) fn single_value<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Option<&'h HeaderValue> {
    let mut values = headers.get_all(name).iter();
    let first = values.next()?;
    match values.next() {
        None => Some(first),
        Some(_) => None,
    }
}
