//! Matching the request's `Origin` header against the policy's origins.
//!
//! Browsers send `Origin` as `scheme://host[:port]`, already canonical (Fetch Standard, "origin"
//! serialization), so a byte-for-byte comparison against the canonical origins the macro
//! validated is both exact and safe: no prefix, suffix or case games can get through.

use cors_rules::SubdomainPattern;
use http::header::ORIGIN;

use crate::env::EnvOrigins;
use crate::in_place::InPlace;
use http::{HeaderMap, HeaderName, HeaderValue};

/// `Access-Control-Allow-Origin: *`.
pub(crate) const ANY: HeaderValue = HeaderValue::from_static("*");

/// Which origins a policy admits, decoded from the macro's policy text.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per policy, in its static; boxing the rules would allocate"
)]
pub(crate) enum AllowedOrigins {
    /// `origins = ["*"]`: every origin, answered with a constant `*`.
    Any,
    /// Exact origins, subdomain patterns, origins read at startup and a predicate, tried in
    /// that order.
    Rules(OriginRules),
}

/// The sources of a policy's origins.
#[derive(Debug)]
pub(crate) struct OriginRules {
    /// The exact origins and patterns as written, for inspection and messages.
    pub(crate) list: InPlace<&'static str, 16>,
    /// The exact origins.
    pub(crate) exact: ExactOrigins,
    /// `"https://*.example.com"` patterns.
    pub(crate) patterns: InPlace<SubdomainPattern, FEW_ORIGINS>,
    /// Origins read from an environment variable at startup.
    pub(crate) env: Option<&'static EnvOrigins>,
    /// The user's predicate, shown only origins that are serialized as browsers do.
    pub(crate) predicate: Option<fn(&str) -> bool>,
}

/// What `Access-Control-Allow-Origin` answers an allowed origin with.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Allowed<'p> {
    /// `*`, for an any-origin policy.
    Any,
    /// One of the policy's exact origins, equal to the request's.
    Listed(&'p HeaderValue),
    /// The request's own value: it matched a pattern, the startup list or the predicate.
    Request,
}

impl Allowed<'_> {
    /// The `Access-Control-Allow-Origin` value, given the request's `Origin`.
    #[inline]
    pub(crate) fn value(self, origin: &HeaderValue) -> HeaderValue {
        match self {
            Allowed::Any => ANY,
            Allowed::Listed(constant) => constant.clone(),
            // Beyond the exact list the answer is the request's own value, which is then known
            // to be one of the allowed origins byte for byte.
            Allowed::Request => origin.clone(),
        }
    }
}

impl OriginRules {
    /// Which value answers the request's `origin`, or `None` when no rule admits it.
    #[inline]
    fn answer(&self, origin: &[u8]) -> Option<Allowed<'_>> {
        if let Some(constant) = self.exact.find(origin) {
            return Some(Allowed::Listed(constant));
        }
        if self
            .patterns
            .as_slice()
            .iter()
            .any(|pattern| pattern.matches(origin))
        {
            return Some(Allowed::Request);
        }
        if self.env.is_some_and(|env| env.allows(origin)) {
            return Some(Allowed::Request);
        }
        if let Some(predicate) = self.predicate {
            // A serialized origin is ASCII, so it is also UTF-8.
            let serialized = cors_rules::is_serialized_origin(origin)
                .then(|| core::str::from_utf8(origin).ok())
                .flatten();
            if serialized.is_some_and(predicate) {
                return Some(Allowed::Request);
            }
        }
        None
    }
}

/// The macro's decision tree over a long list of exact origins: the index of the origin equal
/// to the request's.
pub(crate) type OriginMatcher = fn(&[u8]) -> Option<usize>;

/// How many exact origins (and patterns) a policy keeps in place; more are kept in one heap
/// block.
pub(crate) const FEW_ORIGINS: usize = 4;

/// How a policy finds the exact origin equal to the request's.
#[derive(Debug)]
pub(crate) struct ExactOrigins {
    /// The exact origins as header values pointing into the policy's text (no copy of their
    /// bytes).
    pub(crate) values: InPlace<HeaderValue, FEW_ORIGINS>,
    /// For more than a few origins (the macro's threshold: 4), a matcher the macro compiled to a
    /// decision tree (the length, then the bytes that tell the candidates apart, then one
    /// comparison) that returns the index of the equal origin, whose time does not grow with
    /// the list. Without one, the values are compared in turn (a length test, then the bytes),
    /// as fast as a compiled matcher at this size.
    pub(crate) matcher: Option<OriginMatcher>,
}

impl ExactOrigins {
    #[inline]
    fn find(&self, origin: &[u8]) -> Option<&HeaderValue> {
        let values = self.values.as_slice();
        match self.matcher {
            None => values.iter().find(|value| value.as_bytes() == origin),
            Some(matcher) => values.get(matcher(origin)?),
        }
    }
}

impl AllowedOrigins {
    pub(crate) fn depends_on_origin(&self) -> bool {
        !matches!(self, AllowedOrigins::Any)
    }

    pub(crate) fn allowed(&self, request_headers: &HeaderMap) -> Option<HeaderValue> {
        let rules = match self {
            AllowedOrigins::Any => return Some(ANY),
            AllowedOrigins::Rules(rules) => rules,
        };
        self.allowed_value(rules, single_value(request_headers, &ORIGIN)?)
    }

    /// [`allowed`](Self::allowed) for the value of a request's single `Origin` header, or, for
    /// no such header, `*` from an any-origin policy and nothing from the others.
    #[cfg(feature = "axum")]
    pub(crate) fn allowed_single(&self, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
        match self {
            AllowedOrigins::Any => Some(ANY),
            AllowedOrigins::Rules(rules) => self.allowed_value(rules, origin?),
        }
    }

    #[inline]
    fn allowed_value(&self, rules: &OriginRules, origin: &HeaderValue) -> Option<HeaderValue> {
        Some(rules.answer(origin.as_bytes())?.value(origin))
    }

    /// [`allowed_single`](Self::allowed_single) for the bytes of the request's single `Origin`
    /// header: which value answers it. For preflights and for servers whose header values are
    /// not `http` 1's.
    #[inline]
    pub(crate) fn allowed_bytes(&self, origin: Option<&[u8]>) -> Option<Allowed<'_>> {
        match self {
            AllowedOrigins::Any => Some(Allowed::Any),
            AllowedOrigins::Rules(rules) => rules.answer(origin?),
        }
    }

    pub(crate) fn env(&self) -> Option<&'static EnvOrigins> {
        match self {
            AllowedOrigins::Any => None,
            AllowedOrigins::Rules(rules) => rules.env,
        }
    }

    /// The origins as written in the attribute (`*` for any).
    pub(crate) fn list(&self) -> &[&'static str] {
        match self {
            AllowedOrigins::Any => &["*"],
            AllowedOrigins::Rules(rules) => rules.list.as_slice(),
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
    lookup(headers, name).flatten()
}

/// [`single_value`] that tells an absent header from a repeated one: `None` when the request
/// has no such header, `Some(None)` when it has several, `Some(Some(value))` when it has one.
pub(crate) fn lookup<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Option<Option<&'h HeaderValue>> {
    if headers.len() <= SCANNED_HEADERS {
        single(
            headers
                .iter()
                .filter(|(each, _)| *each == name)
                .map(|(_, value)| value),
        )
    } else {
        single(headers.get_all(name).iter())
    }
}

/// Up to this many header lines, a header is found by comparing each name (for a standard
/// header, two small integers) rather than by a hashed lookup. Under callgrind, `http`'s lookup
/// took about 110 instructions (hashing the name, then probing the map), and a line of the pass
/// about 15, so the two cost about the same at eight lines; beyond, the lookup is kept.
pub(crate) const SCANNED_HEADERS: usize = 8;

/// [`lookup`] over a header's values in any server's types: `None` when there are none,
/// `Some(None)` when there are several, `Some(Some(value))` when there is one.
#[inline]
pub(crate) fn single<T>(mut values: impl Iterator<Item = T>) -> Option<Option<T>> {
    let first = values.next()?;
    Some(values.next().is_none().then_some(first))
}

#[cfg(test)]
mod tests {
    use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
    use http::{HeaderMap, HeaderName, HeaderValue};

    use super::{lookup, SCANNED_HEADERS};

    /// `origin` lines, then `others` more headers.
    fn request(origins: &[&'static str], others: usize) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for origin in origins {
            headers.append(ORIGIN, HeaderValue::from_static(origin));
        }
        for index in 0..others {
            let name = HeaderName::try_from(format!("x-header-{index}")).expect("a header name");
            headers.insert(name, HeaderValue::from_static("1"));
        }
        headers
    }

    /// Absent, single and repeated are told apart the same whether the map is small enough to
    /// be scanned or not.
    #[test]
    fn lookup_tells_absent_single_and_repeated_apart_at_any_size() {
        for others in [0, SCANNED_HEADERS + 4] {
            assert_eq!(lookup(&request(&[], others), &ORIGIN), None, "{others}");
            let one = request(&["https://a.example"], others);
            assert_eq!(
                lookup(&one, &ORIGIN),
                Some(Some(&HeaderValue::from_static("https://a.example"))),
                "{others}"
            );
            assert_eq!(
                lookup(&one, &ACCESS_CONTROL_REQUEST_METHOD),
                None,
                "{others}"
            );
            let two = request(&["https://a.example", "https://b.example"], others);
            assert_eq!(lookup(&two, &ORIGIN), Some(None), "{others}");
        }
    }
}
