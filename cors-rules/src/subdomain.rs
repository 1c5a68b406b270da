//! Matching `scheme://*.registrable-domain[:port]` patterns at a dot boundary.
//!
//! The known bypasses of pattern matching (PortSwigger's CORS research; jub0bs/fcors
//! GHSA-v84h-653v-4pq9; Starlette #801) come from prefix, suffix or substring tests and from
//! unescaped or unanchored regexes: `https://evilexample.com` for `*example.com`,
//! `https://example.com.evil.net` for an unanchored `example.com`, `wwwXexample.com` for an
//! unescaped dot. Here the scheme must match as a prefix, the base domain and port as a suffix
//! that starts with a dot, and what lies between must be one or more whole DNS labels, so none of
//! those can match.

use crate::serialized::is_host;

/// `scheme://*.base[:port]`: any origin of that scheme and port whose host is one or more
/// labels followed by `.base`. Never `base` itself, another scheme, or another port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubdomainPattern {
    /// `"https://"`: the scheme and its separator.
    prefix: &'static str,
    /// `".example.com"` or `".example.com:8443"`: a dot, the base domain and the port.
    suffix: &'static str,
}

impl SubdomainPattern {
    /// A pattern from its two ends, as the macro or the startup parser computed them from
    /// `"https://*.example.com:8443"`: `("https://", ".example.com:8443")`.
    #[must_use]
    pub const fn new(prefix: &'static str, suffix: &'static str) -> SubdomainPattern {
        SubdomainPattern { prefix, suffix }
    }

    /// Whether a request's `Origin` bytes match.
    ///
    /// ```
    /// let pattern = cors_rules::SubdomainPattern::new("https://", ".example.com");
    /// assert!(pattern.matches(b"https://app.example.com"));
    /// assert!(!pattern.matches(b"https://example.com"));
    /// assert!(!pattern.matches(b"https://app.example.com.evil.net"));
    /// assert!(!pattern.matches(b"https://app.example.com:8443"));
    /// assert!(!pattern.matches(b"http://app.example.com"));
    /// ```
    #[must_use]
    pub fn matches(&self, origin: &[u8]) -> bool {
        matches_parts(self.prefix.as_bytes(), self.suffix.as_bytes(), origin)
    }
}

/// [`SubdomainPattern::matches`] for parts that are not `'static` (patterns read at startup).
#[must_use]
pub fn matches_parts(prefix: &[u8], suffix: &[u8], origin: &[u8]) -> bool {
    let Some(rest) = origin.strip_prefix(prefix) else {
        return false;
    };
    let Some(labels) = rest.strip_suffix(suffix) else {
        return false;
    };
    is_host(labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_labels_only() {
        let pattern = SubdomainPattern::new("https://", ".example.com");
        for good in [
            &b"https://a.example.com"[..],
            b"https://a.b.example.com",
            b"https://xn--bcher-kva.example.com",
        ] {
            assert!(pattern.matches(good), "{}", String::from_utf8_lossy(good));
        }
        for bad in [
            &b"https://example.com"[..],
            b"https://.example.com",
            b"https://a..example.com",
            b"https://evilexample.com",
            b"https://a.example.com.evil.net",
            b"https://a.example.com:443",
            b"https://a.example.comx",
            b"https://a_b.example.com",
            b"https://A.example.com",
            b"https://a/.example.com",
            b"https://evil.com/.example.com",
            b"https://evil.com:1/.example.com",
            b"https://a%60.example.com",
            b"http://a.example.com",
            b"https://a`.example.com",
        ] {
            assert!(!pattern.matches(bad), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn the_port_is_part_of_the_pattern() {
        let pattern = SubdomainPattern::new("https://", ".example.com:8443");
        assert!(pattern.matches(b"https://a.example.com:8443"));
        assert!(!pattern.matches(b"https://a.example.com"));
        assert!(!pattern.matches(b"https://a.example.com:844"));
    }
}
