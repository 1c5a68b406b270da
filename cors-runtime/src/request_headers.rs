//! Parsing `Access-Control-Request-Headers` with bounded work.
//!
//! Browsers send the names lower-cased, sorted, de-duplicated and joined by `,` without spaces,
//! but proxies may fold, re-case or split the value, so any case, order, optional white space
//! and repeated header lines are accepted. A hostile value costs bounded work: rs/cors's
//! GHSA-mh55-gqvf-xfwm was a value of thousands of commas costing 127 ms and 121 MB per request,
//! and hono's GHSA-8j4g-w8fx-2239 was quadratic parsing of the same header. Here the parse makes
//! one pass, allocates nothing, and refuses a request past [`MAX_REQUESTED_HEADERS`] entries or
//! [`MAX_REQUEST_HEADERS_BYTES`] bytes.

#[cfg(feature = "tracing")]
use http::header::ACCESS_CONTROL_REQUEST_HEADERS;
#[cfg(feature = "tracing")]
use http::HeaderMap;

use crate::in_place::InPlace;

/// The most entries (empty ones included) a preflight may list before it is refused. A page
/// that sets more than 64 non-safelisted request headers on one request is not a real use.
///
/// ```
/// use cors_runtime::{cors, PreflightOutcome, RefusalReason, MAX_REQUESTED_HEADERS};
///
/// #[cors(origins = ["https://app.example.com"], methods = [POST], headers = ["x-a"])]
/// async fn handler() {}
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert("origin", "https://app.example.com".parse().unwrap());
/// headers.insert("access-control-request-method", "POST".parse().unwrap());
/// let too_many = vec!["x-a"; MAX_REQUESTED_HEADERS + 1].join(",");
/// headers.insert("access-control-request-headers", too_many.parse().unwrap());
/// assert!(matches!(
///     handler::CORS.preflight(&headers),
///     PreflightOutcome::Refused(RefusalReason::TooManyRequestHeaders)
/// ));
/// ```
pub const MAX_REQUESTED_HEADERS: usize = 64;

/// The most bytes all `Access-Control-Request-Headers` lines together may hold before the
/// preflight is refused.
///
/// ```
/// assert_eq!(cors_runtime::MAX_REQUEST_HEADERS_BYTES, 4096);
/// ```
pub const MAX_REQUEST_HEADERS_BYTES: usize = 4096;

/// Which request headers a policy admits.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per policy, in its static; boxing the list would allocate"
)]
pub(crate) enum AllowedHeaders {
    /// No request header beyond the CORS-safelisted ones.
    None,
    /// `headers = ["*"]` (only without credentials, where `*` is a wildcard).
    Any,
    /// Lower-case header names.
    List(InPlace<&'static str, 16>),
}

/// Why the requested headers were refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadersVerdict {
    Allowed,
    NotAllowed,
    TooMany,
}

impl AllowedHeaders {
    /// The verdict on a preflight's `Access-Control-Request-Headers` lines, given as bytes.
    pub(crate) fn check<'r>(&self, lines: impl IntoIterator<Item = &'r [u8]>) -> HeadersVerdict {
        let list: &[&str] = match self {
            AllowedHeaders::Any => return HeadersVerdict::Allowed,
            AllowedHeaders::None => &[],
            AllowedHeaders::List(list) => list.as_slice(),
        };
        let mut entries = 0usize;
        let mut bytes = 0usize;
        for value in lines {
            bytes += value.len();
            if bytes > MAX_REQUEST_HEADERS_BYTES {
                return HeadersVerdict::TooMany;
            }
            // Browsers' own form first: names the policy lists, in lower case, each followed by
            // a comma or the end. A name is recognised by comparing it whole, where splitting
            // reads it byte by byte; what this does not recognise (white space, other cases,
            // names the policy does not list, empty entries) goes through the general rules
            // below, from where it stopped.
            let mut rest = Some(value);
            while let Some(current) = rest {
                let Some(length) = list.iter().find_map(|allowed| leads(allowed, current)) else {
                    break;
                };
                entries += 1;
                if entries > MAX_REQUESTED_HEADERS {
                    return HeadersVerdict::TooMany;
                }
                // Past the comma: `None` at the end of the value, empty after a final comma.
                rest = current.get(length + 1..);
            }
            let Some(rest) = rest else {
                continue;
            };
            for name in rest.split(|byte| *byte == b',') {
                entries += 1;
                if entries > MAX_REQUESTED_HEADERS {
                    return HeadersVerdict::TooMany;
                }
                let name = trim_whitespace(name);
                if name.is_empty() {
                    continue;
                }
                if !list.iter().any(|allowed| is_named(allowed, name)) {
                    return HeadersVerdict::NotAllowed;
                }
            }
        }
        HeadersVerdict::Allowed
    }

    /// The first requested name the policy does not allow, for explaining a refusal.
    #[cfg(feature = "tracing")]
    pub(crate) fn first_refused<'h>(&self, request_headers: &'h HeaderMap) -> Option<&'h [u8]> {
        let list: &[&str] = match self {
            AllowedHeaders::Any => return None,
            AllowedHeaders::None => &[],
            AllowedHeaders::List(list) => list.as_slice(),
        };
        request_headers
            .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
            .iter()
            .flat_map(|value| value.as_bytes().split(|byte| *byte == b','))
            .take(MAX_REQUESTED_HEADERS)
            .map(trim_whitespace)
            .find(|name| {
                !name.is_empty()
                    && !list
                        .iter()
                        .any(|allowed| allowed.as_bytes().eq_ignore_ascii_case(name))
            })
    }

    pub(crate) fn list(&self) -> &[&'static str] {
        match self {
            AllowedHeaders::None => &[],
            AllowedHeaders::Any => &["*"],
            AllowedHeaders::List(list) => list.as_slice(),
        }
    }
}

/// The length of `allowed` (lower case, as the macro wrote it) when `value` starts with it,
/// followed by a comma or the end.
#[inline]
fn leads(allowed: &str, value: &[u8]) -> Option<usize> {
    let allowed = allowed.as_bytes();
    let length = allowed.len();
    let ends = value.get(length).is_none_or(|next| *next == b',');
    (ends && value.get(..length) == Some(allowed)).then_some(length)
}

/// Whether the requested `name` is the allowed one, which the macro wrote in lowercase. Browsers
/// send names in lowercase too (Fetch Standard, "CORS-unsafe request-header names"), so the
/// bytes are compared as they are first and case-insensitively only when they differ.
#[inline]
fn is_named(allowed_lowercase: &str, name: &[u8]) -> bool {
    let allowed = allowed_lowercase.as_bytes();
    allowed.len() == name.len() && (allowed == name || allowed.eq_ignore_ascii_case(name))
}

/// Strips HTTP's optional white space (space and horizontal tab) from both ends.
pub(crate) fn trim_whitespace(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|byte| !matches!(byte, b' ' | b'\t'))
        .map_or(start, |last| last + 1);
    bytes.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{AllowedHeaders, HeadersVerdict, MAX_REQUESTED_HEADERS};
    use crate::in_place::InPlace;

    fn allowed(names: &[&'static str]) -> AllowedHeaders {
        AllowedHeaders::List(InPlace::collect(names.len(), names.iter().copied(), ""))
    }

    /// The browsers' form, taken whole, and everything else, taken by the general rules from
    /// where the whole-name comparison stopped, give the same verdicts and count entries alike.
    #[test]
    fn browser_form_and_general_rules_agree() {
        use HeadersVerdict::{Allowed, NotAllowed, TooMany};
        let policy = allowed(&["content-type", "x-api-key", "x-api"]);
        let cases: &[(&[&str], HeadersVerdict)] = &[
            (&["content-type,x-api-key"], Allowed),
            (&["x-api,x-api-key"], Allowed),
            (&["content-type,x-api-key,"], Allowed),
            (&[""], Allowed),
            (&[",,"], Allowed),
            (&["content-type, X-Api-Key"], Allowed),
            (&["content-type,x-api-key", "X-API"], Allowed),
            (&["x-api-key , content-type"], Allowed),
            (&["content-type,x-api-key-2"], NotAllowed),
            (&["content-typex"], NotAllowed),
            (&["x-ap"], NotAllowed),
            (&["content-type,x-api-key", "x-token"], NotAllowed),
            (&["content-type,authorization,x-api-key"], NotAllowed),
        ];
        for (lines, verdict) in cases {
            let bytes = lines.iter().map(|line| line.as_bytes());
            assert_eq!(policy.check(bytes), *verdict, "{lines:?}");
        }

        // The limit counts entries, empty ones included, on either path.
        let at_limit = vec!["x-api"; MAX_REQUESTED_HEADERS].join(",");
        assert_eq!(policy.check([at_limit.as_bytes()]), Allowed);
        let trailing_comma = format!("{at_limit},");
        assert_eq!(policy.check([trailing_comma.as_bytes()]), TooMany);
        let spaced = vec!["x-api "; MAX_REQUESTED_HEADERS + 1].join(",");
        assert_eq!(policy.check([spaced.as_bytes()]), TooMany);
        let split = [
            "x-api,".repeat(MAX_REQUESTED_HEADERS / 2),
            "x-api".to_string(),
        ];
        // 32 names and an empty entry on the first line, one name on the second: 34.
        assert_eq!(
            policy.check(split.iter().map(|line| line.as_bytes())),
            Allowed
        );
        let over = ["x-api,".repeat(MAX_REQUESTED_HEADERS), "x-api".to_string()];
        assert_eq!(
            policy.check(over.iter().map(|line| line.as_bytes())),
            TooMany
        );
    }
}
