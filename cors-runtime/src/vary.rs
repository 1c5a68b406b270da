//! Appending to `Vary` without overwriting or repeating what the handler set.
//!
//! When `Access-Control-Allow-Origin` depends on `Origin`, every response of the resource must
//! carry `Vary: Origin`, also those to requests without `Origin`, or a shared cache can serve one
//! origin's answer to another (Fetch Standard, "CORS protocol and HTTP caches").

use http::header::VARY;
use http::{HeaderMap, HeaderValue};

use crate::origin::SCANNED_HEADERS;
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
    // A handler's response usually has a few headers: see `SCANNED_HEADERS`.
    let varies = if headers.len() <= SCANNED_HEADERS {
        varies_on_origin(
            headers
                .iter()
                .filter(|(name, _)| **name == VARY)
                .map(|(_, value)| value.as_bytes()),
        )
    } else {
        varies_on_origin(headers.get_all(VARY).iter().map(HeaderValue::as_bytes))
    };
    if !varies {
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

#[cfg(test)]
mod tests {
    use http::header::{CONTENT_TYPE, VARY};
    use http::{HeaderMap, HeaderName, HeaderValue};

    use super::append_origin;
    use crate::origin::SCANNED_HEADERS;

    /// A response's headers: `vary` lines, then `others` more headers.
    fn response(vary: &[&'static str], others: usize) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in vary {
            headers.append(VARY, HeaderValue::from_static(value));
        }
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for index in 1..others {
            let name = HeaderName::try_from(format!("x-header-{index}")).expect("a header name");
            headers.insert(name, HeaderValue::from_static("1"));
        }
        headers
    }

    fn vary_lines(headers: &HeaderMap) -> Vec<&str> {
        headers
            .get_all(VARY)
            .iter()
            .map(|value| value.to_str().expect("ASCII"))
            .collect()
    }

    /// The same answers whether the response is small enough to be scanned or not.
    #[test]
    fn origin_is_appended_once_below_and_above_the_scanned_size() {
        for others in [1, SCANNED_HEADERS + 4] {
            let mut headers = response(&[], others);
            append_origin(&mut headers);
            append_origin(&mut headers);
            assert_eq!(vary_lines(&headers), ["Origin"], "{others} headers");

            let mut headers = response(&["accept-encoding"], others);
            append_origin(&mut headers);
            assert_eq!(
                vary_lines(&headers),
                ["accept-encoding", "Origin"],
                "{others} headers"
            );

            for already in ["Accept-Encoding, ORIGIN", "*"] {
                let mut headers = response(&["accept", already], others);
                append_origin(&mut headers);
                assert_eq!(
                    vary_lines(&headers),
                    ["accept", already],
                    "{others} headers"
                );
            }
        }
    }
}
