//! Why a request was refused, as one `debug` event per refusal with the `tracing` feature, and
//! nothing at all without it.
//!
//! Events have the target `cors_runtime` and the fields `handler`, `origin` and `reason`
//! (`origin not allowed`, `method PATCH not allowed (allowed: GET, POST)`, `header x-token not
//! allowed`, `header list too long`).

use http::HeaderMap;

use crate::policy::Policy;
use crate::preflight::RefusalReason;

#[cfg(feature = "tracing")]
mod enabled {
    use core::fmt;

    use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
    use http::HeaderMap;

    use crate::policy::Policy;
    use crate::preflight::RefusalReason;
    use crate::request_headers::MAX_REQUEST_HEADERS_BYTES;

    /// Bytes from a request, shown as text without trusting them to be UTF-8.
    struct Lossy<'a>(Option<&'a [u8]>);

    impl fmt::Display for Lossy<'_> {
        fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.0 {
                // Cap what a hostile header can put into a log line.
                Some(bytes) => {
                    let shown = bytes.get(..256).unwrap_or(bytes);
                    write!(formatter, "{}", String::from_utf8_lossy(shown))?;
                    if shown.len() < bytes.len() {
                        formatter.write_str("...")?;
                    }
                    Ok(())
                }
                None => formatter.write_str("(none)"),
            }
        }
    }

    /// The handlers' names, joined.
    struct Names<'a>(&'a [&'a Policy]);

    impl fmt::Display for Names<'_> {
        fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (index, policy) in self.0.iter().enumerate() {
                if index > 0 {
                    formatter.write_str(", ")?;
                }
                formatter.write_str(policy.name())?;
            }
            Ok(())
        }
    }

    /// The allowed methods of every policy, joined.
    struct Methods<'a>(&'a [&'a Policy]);

    impl fmt::Display for Methods<'_> {
        fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut first = true;
            for method in self.0.iter().flat_map(|policy| policy.methods()) {
                if !first {
                    formatter.write_str(", ")?;
                }
                first = false;
                formatter.write_str(method)?;
            }
            Ok(())
        }
    }

    /// The reason with what was asked for and what is allowed.
    struct Reason<'a> {
        reason: RefusalReason,
        policies: &'a [&'a Policy],
        headers: &'a HeaderMap,
    }

    impl fmt::Display for Reason<'_> {
        fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self.reason {
                RefusalReason::MethodNotAllowed => {
                    let method = self
                        .headers
                        .get(ACCESS_CONTROL_REQUEST_METHOD)
                        .map(|value| value.as_bytes());
                    write!(
                        formatter,
                        "method {} not allowed (allowed: {})",
                        Lossy(method),
                        Methods(self.policies)
                    )
                }
                RefusalReason::HeaderNotAllowed => {
                    let header = self
                        .policies
                        .iter()
                        .find_map(|policy| policy.parts().headers.first_refused(self.headers));
                    write!(formatter, "header {} not allowed", Lossy(header))
                }
                RefusalReason::TooManyRequestHeaders => write!(
                    formatter,
                    "header list too long (more than {} entries or {} bytes)",
                    crate::MAX_REQUESTED_HEADERS,
                    MAX_REQUEST_HEADERS_BYTES
                ),
                other => write!(formatter, "{other}"),
            }
        }
    }

    fn origin(headers: &HeaderMap) -> Lossy<'_> {
        Lossy(headers.get(ORIGIN).map(|value| value.as_bytes()))
    }

    pub(crate) fn refused_origin(policy: &Policy, headers: &HeaderMap) {
        if headers.contains_key(ORIGIN) {
            tracing::debug!(
                target: "cors_runtime",
                handler = %policy.name(),
                origin = %origin(headers),
                reason = %RefusalReason::OriginNotAllowed,
                "CORS headers withheld: the response is not readable by the page",
            );
        }
    }

    #[cfg(any(feature = "axum", feature = "actix"))]
    pub(crate) fn refused_origin_value(policy: &Policy, origin: Option<&[u8]>) {
        if let Some(origin) = origin {
            tracing::debug!(
                target: "cors_runtime",
                handler = %policy.name(),
                origin = %Lossy(Some(origin)),
                reason = %RefusalReason::OriginNotAllowed,
                "CORS headers withheld: the response is not readable by the page",
            );
        }
    }

    pub(crate) fn refused_preflight(
        policies: &[&Policy],
        headers: &HeaderMap,
        reason: RefusalReason,
    ) {
        tracing::debug!(
            target: "cors_runtime",
            handler = %Names(policies),
            origin = %origin(headers),
            reason = %Reason { reason, policies, headers },
            "CORS preflight refused",
        );
    }
}

/// A request with an `Origin` the policy does not allow.
#[inline(always)]
pub(crate) fn refused_origin(policy: &Policy, headers: &HeaderMap) {
    #[cfg(feature = "tracing")]
    enabled::refused_origin(policy, headers);
    #[cfg(not(feature = "tracing"))]
    let _ = (policy, headers);
}

/// [`refused_origin`] for the bytes of the request's `Origin` (its first, when repeated).
#[cfg(any(feature = "axum", feature = "actix"))]
#[inline(always)]
pub(crate) fn refused_origin_value(policy: &Policy, origin: Option<&[u8]>) {
    #[cfg(feature = "tracing")]
    enabled::refused_origin_value(policy, origin);
    #[cfg(not(feature = "tracing"))]
    let _ = (policy, origin);
}

/// A refused preflight, with the policies that were asked.
#[inline(always)]
pub(crate) fn refused_preflight(policies: &[&Policy], headers: &HeaderMap, reason: RefusalReason) {
    #[cfg(feature = "tracing")]
    enabled::refused_preflight(policies, headers, reason);
    #[cfg(not(feature = "tracing"))]
    let _ = (policies, headers, reason);
}
