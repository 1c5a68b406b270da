//! One entry of an origin list, exact or a subdomain pattern, as the attribute and the
//! environment give it; and the messages that say what is wrong with one.

use crate::origin::{check_origin_text, is_forgeable_plain_http, OriginProblem};

/// A valid entry of an origin list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginEntry {
    /// An origin, byte for byte as browsers send it.
    Exact(String),
    /// `scheme://*.base[:port]`, split into the two ends a request's origin must have.
    Pattern {
        /// `"https://"`.
        prefix: String,
        /// `".example.com"` or `".example.com:8443"`.
        suffix: String,
    },
}

impl OriginEntry {
    /// Whether the entry admits plain-`http` origins that a network attacker can forge (any
    /// host but this machine's).
    #[must_use]
    pub fn is_forgeable_plain_http(&self) -> bool {
        match self {
            OriginEntry::Exact(origin) => is_forgeable_plain_http(origin),
            OriginEntry::Pattern { prefix, suffix } => {
                is_forgeable_plain_http(&format!("{prefix}sub{suffix}"))
            }
        }
    }
}

/// Checks one entry: an exact origin, or `scheme://*.registrable-domain[:port]`.
///
/// ```
/// use cors_rules::{check_entry_text, OriginEntry, OriginProblem};
///
/// assert_eq!(
///     check_entry_text("https://*.example.com:8443"),
///     Ok(OriginEntry::Pattern { prefix: "https://".into(), suffix: ".example.com:8443".into() }),
/// );
/// assert_eq!(check_entry_text("https://*example.com"), Err(OriginProblem::MisplacedWildcard));
/// ```
pub fn check_entry_text(text: &str) -> Result<OriginEntry, OriginProblem> {
    // Regex syntax around a `*` is a regex, not a misplaced pattern: say so.
    let regex = crate::origin::contains_any(text, b"^$()|\\{}+?");
    if !text.contains('*') || regex {
        check_origin_text(text)?;
        return Ok(OriginEntry::Exact(text.to_string()));
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(OriginProblem::MisplacedWildcard);
    };
    let Some(base) = rest.strip_prefix("*.") else {
        return Err(OriginProblem::MisplacedWildcard);
    };
    if base.contains('*') {
        return Err(OriginProblem::MisplacedWildcard);
    }
    // The pattern's base is held to every rule of an exact origin; a fix is shown as a pattern.
    let as_pattern = |origin: String| origin.replacen("://", "://*.", 1);
    check_origin_text(&format!("{scheme}://{base}")).map_err(|problem| match problem {
        OriginProblem::MissingScheme(fix) => OriginProblem::MissingScheme(as_pattern(fix)),
        OriginProblem::WebSocketScheme(fix) => OriginProblem::WebSocketScheme(as_pattern(fix)),
        OriginProblem::TrailingSlash(fix) => OriginProblem::TrailingSlash(as_pattern(fix)),
        OriginProblem::Path(fix) => OriginProblem::Path(as_pattern(fix)),
        OriginProblem::Userinfo(fix) => OriginProblem::Userinfo(as_pattern(fix)),
        OriginProblem::DefaultPort(fix) => OriginProblem::DefaultPort(as_pattern(fix)),
        OriginProblem::NotLowerCase(fix) => OriginProblem::NotLowerCase(as_pattern(fix)),
        OriginProblem::NonAsciiHost(fix) => OriginProblem::NonAsciiHost(as_pattern(fix)),
        OriginProblem::NotCanonical(fix) => OriginProblem::NotCanonical(as_pattern(fix)),
        other => other,
    })?;
    let host = match base.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || port.is_empty() => host,
        _ => base,
    };
    let is_address = host.starts_with('[')
        || host
            .rsplit('.')
            .next()
            .is_some_and(|last| last.bytes().all(|byte| byte.is_ascii_digit()));
    if is_address {
        return Err(OriginProblem::PatternOverAddress);
    }
    if is_public_suffix(host) {
        return Err(OriginProblem::PublicSuffix(host.to_string()));
    }
    Ok(OriginEntry::Pattern {
        prefix: format!("{scheme}://"),
        suffix: format!(".{base}"),
    })
}

/// Whether every site under `host` could be anyone's: a public suffix (`com`, `co.uk`,
/// `github.io`) by the Public Suffix List with the `public-suffix` feature, or without it, a
/// single label. `localhost` is this machine's own.
fn is_public_suffix(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") {
        return false;
    }
    #[cfg(feature = "public-suffix")]
    {
        psl::domain(host.as_bytes()).is_none()
    }
    #[cfg(not(feature = "public-suffix"))]
    {
        !host.contains('.')
    }
}

/// The options of a policy that change which entries are acceptable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EntryRules {
    /// The policy sends `Access-Control-Allow-Credentials: true`.
    pub credentials: bool,
    /// The policy opted in to plain-`http` origins beyond this machine with credentials.
    pub allow_insecure_http: bool,
}

/// Checks an entry with a policy's options, for entries read at startup: the same rules and
/// messages as the attribute's.
///
/// ```
/// use cors_rules::{check_entry, EntryRules};
///
/// let rules = EntryRules { credentials: true, allow_insecure_http: false };
/// assert!(check_entry("https://app.example.com", &rules).is_ok());
/// let message = check_entry("http://app.example.com", &rules).unwrap_err();
/// assert!(message.contains("plain http"));
/// ```
pub fn check_entry(text: &str, rules: &EntryRules) -> Result<OriginEntry, String> {
    let entry = check_entry_text(text).map_err(|problem| message(text, &problem))?;
    if rules.credentials && !rules.allow_insecure_http && entry.is_forgeable_plain_http() {
        return Err(insecure_http_message(text));
    }
    Ok(entry)
}

/// Why a plain-`http` origin cannot go with credentials, and the fix.
#[must_use]
pub fn insecure_http_message(text: &str) -> String {
    let https = text.replacen("http://", "https://", 1);
    format!("`{text}` is plain http, which anyone on the network path can forge, and `credentials = true` would let the forged page read the user's data; write \"{https}\", or add `allow_insecure_http = true` to accept the risk")
}

/// What is wrong with an entry and how to write it, in the words of the attribute's errors.
#[must_use]
pub fn message(text: &str, problem: &OriginProblem) -> String {
    let fix = |origin: &str| format!("; browsers send `Origin: {origin}`: write \"{origin}\"");
    let pattern_fix = |pattern: &str| format!("; write \"{pattern}\"");
    let fixed = |written: &str| {
        if text.contains("://*.") {
            pattern_fix(written)
        } else {
            fix(written)
        }
    };
    match problem {
        OriginProblem::Null => "`\"null\"` is not a safe origin: sandboxed iframes, `data:` and `file:` pages and redirected requests all send `Origin: null`, so trusting it trusts every site; remove it".to_string(),
        OriginProblem::Pattern => format!("`{text}` looks like a pattern, but origins match exactly, byte for byte; list each origin as browsers send it, such as \"https://app.example.com\", or write a subdomain pattern such as \"https://*.example.com\""),
        OriginProblem::MissingScheme(written) => format!("`{text}` has no scheme{}", fixed(written)),
        OriginProblem::WebSocketScheme(written) => format!("`{text}` is a WebSocket address, but a WebSocket handshake carries the page's origin{}", fixed(written)),
        OriginProblem::TrailingSlash(written) => format!("`{text}` ends in `/`, which an origin never does{}", fixed(written)),
        OriginProblem::Path(written) => format!("`{text}` has a path, query or fragment, which an origin never has{}", fixed(written)),
        OriginProblem::Userinfo(written) => format!("`{text}` has a user name or password, which an origin never has{}", fixed(written)),
        OriginProblem::EmptyHost => format!("`{text}` has no host; write an origin such as \"https://app.example.com\""),
        OriginProblem::BadPort(port) => format!("`{text}` has port `{port}`, but a port is a number from 1 to 65535; correct it, or leave it out for the default port"),
        OriginProblem::DefaultPort(written) => format!("`{text}` has the scheme's default port, which browsers leave out{}", fixed(written)),
        OriginProblem::NotLowerCase(written) => format!("`{text}` has upper-case letters, but browsers send scheme and host in lower case and origins match byte for byte{}", fixed(written)),
        OriginProblem::NonAsciiHost(written) => format!("`{text}` has a non-ASCII host, which browsers send in punycode{}", fixed(written)),
        OriginProblem::BadHost('`') => format!("`{text}` has a backtick in its host, which browsers do not send as written; write the host as it appears in the address bar"),
        OriginProblem::BadHost(character) => format!("`{text}` has `{character}` in its host, which browsers do not send as written; write the host as it appears in the address bar"),
        OriginProblem::NotCanonical(written) => format!("`{text}` is not written the way browsers send it{}", fixed(written)),
        OriginProblem::MisplacedWildcard => format!("`{text}` has `*` where it can only stand for whole left-most labels: write a pattern such as \"https://*.example.com\", which matches `https://a.example.com` and `https://a.b.example.com` but never `https://example.com`"),
        OriginProblem::PublicSuffix(suffix) => format!("`{text}` would admit every site under `{suffix}`, a public suffix where anyone can register a domain; name a domain of your own, such as \"https://*.example.com\""),
        OriginProblem::PatternOverAddress => format!("`{text}` puts `*.` before an IP address, which has no subdomains, so it never matches; list the address as an exact origin"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(prefix: &str, suffix: &str) -> Result<OriginEntry, OriginProblem> {
        Ok(OriginEntry::Pattern {
            prefix: prefix.into(),
            suffix: suffix.into(),
        })
    }

    #[test]
    fn patterns_and_their_problems() {
        use OriginProblem::*;
        let cases = [
            ("https://*.example.com", pattern("https://", ".example.com")),
            (
                "https://*.a.example.com:8443",
                pattern("https://", ".a.example.com:8443"),
            ),
            (
                "http://*.localhost:3000",
                pattern("http://", ".localhost:3000"),
            ),
            ("https://*example.com", Err(MisplacedWildcard)),
            ("https://app.*.example.com", Err(MisplacedWildcard)),
            ("https://*.*.example.com", Err(MisplacedWildcard)),
            ("*.example.com", Err(MisplacedWildcard)),
            ("https://*", Err(MisplacedWildcard)),
            ("https://*.com", Err(PublicSuffix("com".into()))),
            ("https://*.127.0.0.1", Err(PatternOverAddress)),
            (
                "https://*.example.com/",
                Err(TrailingSlash("https://*.example.com".into())),
            ),
            (
                "https://*.example.com:443",
                Err(DefaultPort("https://*.example.com".into())),
            ),
            (
                "https://*.Example.com",
                Err(NotLowerCase("https://*.example.com".into())),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(check_entry_text(text), expected, "{text}");
        }
    }

    #[cfg(feature = "public-suffix")]
    #[test]
    fn public_suffixes_come_from_the_list() {
        for suffix in ["co.uk", "github.io"] {
            assert_eq!(
                check_entry_text(&format!("https://*.{suffix}")),
                Err(OriginProblem::PublicSuffix(suffix.into())),
            );
        }
        assert!(check_entry_text("https://*.example.co.uk").is_ok());
    }

    #[test]
    fn credentials_refuse_forgeable_http_entries() {
        let rules = EntryRules {
            credentials: true,
            allow_insecure_http: false,
        };
        assert!(check_entry("http://*.example.com", &rules).is_err());
        assert!(check_entry("http://localhost:5173", &rules).is_ok());
        let opted_in = EntryRules {
            allow_insecure_http: true,
            ..rules
        };
        assert!(check_entry("http://*.example.com", &opted_in).is_ok());
    }
}
