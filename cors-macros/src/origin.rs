//! What a browser sends as `Origin`, so that the origins in an attribute can be held to it.
//!
//! An origin is serialized as `scheme://host[:port]` (Fetch Standard and URL Standard, "ASCII
//! serialization of an origin"): scheme and host lower case, IDN hosts in punycode, IP addresses
//! in canonical form, the scheme's default port left out, no path, no trailing `/`.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Why a string is not an origin a browser would send, with the fix where one exists.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum OriginProblem {
    Null,
    Pattern,
    MissingScheme(String),
    TrailingSlash(String),
    Path(String),
    Userinfo(String),
    EmptyHost,
    BadPort,
    DefaultPort(String),
    NotLowerCase(String),
    NonAsciiHost,
    BadHost(char),
    NotCanonical(String),
}

/// Checks that `text` is byte for byte an `Origin` header value a browser can send.
pub(crate) fn check_origin_text(text: &str) -> Result<(), OriginProblem> {
    if text.eq_ignore_ascii_case("null") {
        return Err(OriginProblem::Null);
    }
    if text.contains(['*', '^', '$', '(', ')', '|', '\\', '{', '}', '+']) {
        return Err(OriginProblem::Pattern);
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        let host = text.trim_end_matches('/');
        return Err(OriginProblem::MissingScheme(format!("https://{host}")));
    };
    let scheme_ok = scheme
        .bytes()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(&byte));
    if !scheme_ok {
        return Err(OriginProblem::MissingScheme(format!("https://{rest}")));
    }
    let scheme_lower = scheme.to_ascii_lowercase();
    let (authority, after) = match rest.find(['/', '?', '#']) {
        Some(at) => (&rest[..at], &rest[at..]),
        None => (rest, ""),
    };
    let canonical_authority = canonical_authority(&scheme_lower, authority)?;
    let canonical = format!("{scheme_lower}://{canonical_authority}");
    if after == "/" {
        return Err(OriginProblem::TrailingSlash(canonical));
    }
    if !after.is_empty() {
        return Err(OriginProblem::Path(canonical));
    }
    if canonical != text {
        if text.to_ascii_lowercase() == canonical {
            return Err(OriginProblem::NotLowerCase(canonical));
        }
        return Err(OriginProblem::NotCanonical(canonical));
    }
    Ok(())
}

/// `host[:port]` as a browser serializes it, or the problem.
fn canonical_authority(scheme: &str, authority: &str) -> Result<String, OriginProblem> {
    if let Some((_, host_port)) = authority.rsplit_once('@') {
        let fixed = canonical_authority(scheme, host_port)?;
        return Err(OriginProblem::Userinfo(format!("{scheme}://{fixed}")));
    }
    let (host, port) = split_host_port(authority);
    if host.is_empty() {
        return Err(OriginProblem::EmptyHost);
    }
    let host = canonical_host(host)?;
    let port = match port {
        None => None,
        Some(port) => {
            if port.is_empty() || !port.bytes().all(|byte| byte.is_ascii_digit()) {
                return Err(OriginProblem::BadPort);
            }
            let number: u32 = port.parse().map_err(|_| OriginProblem::BadPort)?;
            if number == 0 || number > 65_535 {
                return Err(OriginProblem::BadPort);
            }
            let default = match scheme {
                "http" | "ws" => Some(80),
                "https" | "wss" => Some(443),
                _ => None,
            };
            if default == Some(number) {
                return Err(OriginProblem::DefaultPort(format!("{scheme}://{host}")));
            }
            Some(number)
        }
    };
    Ok(match port {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => {
                let (host, rest) = authority.split_at(end + 1);
                (host, rest.strip_prefix(':'))
            }
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn canonical_host(host: &str) -> Result<String, OriginProblem> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let address: Ipv6Addr = inner
            .parse()
            .map_err(|_| OriginProblem::BadHost(first_odd_char(inner, ":.")))?;
        // Rust prints IPv6 addresses in RFC 5952 form, which is what the URL Standard's
        // serializer produces too (lower-case hex, longest zero run compressed).
        return Ok(format!("[{address}]"));
    }
    if !host.is_ascii() {
        return Err(OriginProblem::NonAsciiHost);
    }
    let lower = host.to_ascii_lowercase();
    if let Some(odd) = lower
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(OriginProblem::BadHost(odd));
    }
    if lower.starts_with('.') || lower.ends_with('.') || lower.contains("..") {
        return Err(OriginProblem::BadHost('.'));
    }
    let looks_numeric = lower
        .rsplit('.')
        .next()
        .is_some_and(|last| !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()));
    if looks_numeric {
        // The URL Standard parses a host ending in a number as IPv4 and serializes it dotted.
        let address: Ipv4Addr = lower.parse().map_err(|_| OriginProblem::BadHost('.'))?;
        return Ok(address.to_string());
    }
    Ok(lower)
}

fn first_odd_char(text: &str, allowed: &str) -> char {
    text.chars()
        .find(|c| !(c.is_ascii_hexdigit() || allowed.contains(*c)))
        .unwrap_or(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_origins_pass() {
        for origin in [
            "https://app.example.com",
            "http://localhost:5173",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
            "https://xn--bcher-kva.example",
            "chrome-extension://abcdefghijklmnop",
        ] {
            assert_eq!(check_origin_text(origin), Ok(()), "{origin}");
        }
    }

    #[test]
    fn each_problem_comes_with_the_browser_form() {
        use OriginProblem::*;
        let cases = [
            ("null", Null),
            ("https://*.example.com", Pattern),
            (
                "app.example.com",
                MissingScheme("https://app.example.com".into()),
            ),
            (
                "https://app.example.com/",
                TrailingSlash("https://app.example.com".into()),
            ),
            (
                "https://app.example.com/api",
                Path("https://app.example.com".into()),
            ),
            (
                "https://app.example.com?x=1",
                Path("https://app.example.com".into()),
            ),
            (
                "https://user:pw@app.example.com",
                Userinfo("https://app.example.com".into()),
            ),
            ("https://", EmptyHost),
            ("https://app.example.com:99999", BadPort),
            ("https://app.example.com:", BadPort),
            (
                "https://app.example.com:443",
                DefaultPort("https://app.example.com".into()),
            ),
            (
                "http://app.example.com:80",
                DefaultPort("http://app.example.com".into()),
            ),
            (
                "HTTPS://App.Example.com",
                NotLowerCase("https://app.example.com".into()),
            ),
            ("https://bücher.example", NonAsciiHost),
            ("https://app_1.example.com", BadHost('_')),
            ("https://app`.example.com", BadHost('`')),
            (
                "http://[0:0:0:0:0:0:0:1]:8080",
                NotCanonical("http://[::1]:8080".into()),
            ),
        ];
        for (text, problem) in cases {
            assert_eq!(check_origin_text(text), Err(problem), "{text}");
        }
    }
}
