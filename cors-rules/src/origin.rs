//! What a browser sends as `Origin`, so that the origins in an attribute can be held to it.
//!
//! An origin is serialized as `scheme://host[:port]` (Fetch Standard and URL Standard, "ASCII
//! serialization of an origin"): scheme and host lower case, IDN hosts in punycode, IP addresses
//! in canonical form, the scheme's default port left out, no path, no trailing `/`.

use std::net::{Ipv4Addr, Ipv6Addr};

/// Why a string is not an origin a browser would send, with the origin it would send where
/// there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OriginProblem {
    /// `"null"`, which any sandboxed iframe or `data:` page sends.
    Null,
    /// Regex or glob syntax, or a domain suffix.
    Pattern,
    /// No `scheme://`; the origin meant.
    MissingScheme(String),
    /// `ws://` or `wss://`; the page origin the handshake carries.
    WebSocketScheme(String),
    /// A trailing `/`; the origin without it.
    TrailingSlash(String),
    /// A path, query or fragment; the origin without it.
    Path(String),
    /// A user name or password; the origin without it.
    Userinfo(String),
    /// No host.
    EmptyHost,
    /// A port that is not 1 to 65535; the port as written.
    BadPort(String),
    /// The scheme's default port; the origin without it.
    DefaultPort(String),
    /// Upper case; the origin in lower case.
    NotLowerCase(String),
    /// A non-ASCII host; the origin with the punycode host.
    NonAsciiHost(String),
    /// A character no browser sends in a host.
    BadHost(char),
    /// Another spelling of an address; the canonical origin.
    NotCanonical(String),
    /// `*` anywhere but as the whole left-most label(s): `https://*example.com`.
    MisplacedWildcard,
    /// A pattern over a public suffix (`https://*.co.uk`): every site under it would match.
    PublicSuffix(String),
    /// A pattern over an IP address, which has no subdomains.
    PatternOverAddress,
}

/// Checks that `text` is byte for byte an `Origin` header value a browser can send.
pub fn check_origin_text(text: &str) -> Result<(), OriginProblem> {
    if is_plain_origin(text) {
        return Ok(());
    }
    if text.eq_ignore_ascii_case("null") {
        return Err(OriginProblem::Null);
    }
    if looks_like_pattern(text) {
        return Err(OriginProblem::Pattern);
    }
    let Some((scheme, rest)) = text
        .split_once("://")
        .filter(|(scheme, _)| is_scheme(scheme))
    else {
        return Err(OriginProblem::MissingScheme(guess_origin(text)));
    };
    let scheme = scheme.to_ascii_lowercase();
    // A WebSocket handshake carries the page's origin, `http` or `https`, never `ws://`.
    let (scheme, websocket) = match scheme.as_str() {
        "ws" => ("http".to_string(), true),
        "wss" => ("https".to_string(), true),
        _ => (scheme, false),
    };
    let parsed = parse_after_scheme(&scheme, rest)?;
    let fix = parsed.canonical;
    if websocket {
        return Err(OriginProblem::WebSocketScheme(fix));
    }
    if parsed.userinfo {
        return Err(OriginProblem::Userinfo(fix));
    }
    if parsed.after == "/" {
        return Err(OriginProblem::TrailingSlash(fix));
    }
    if !parsed.after.is_empty() {
        return Err(OriginProblem::Path(fix));
    }
    if parsed.default_port {
        return Err(OriginProblem::DefaultPort(fix));
    }
    if parsed.non_ascii {
        return Err(OriginProblem::NonAsciiHost(fix));
    }
    if fix != text {
        if text.to_ascii_lowercase() == fix {
            return Err(OriginProblem::NotLowerCase(fix));
        }
        return Err(OriginProblem::NotCanonical(fix));
    }
    Ok(())
}

/// Whether `text` is an origin of the shape most are written in, `http` or `https`, a lower-case
/// host name and an optional port, that the checks below would pass: a byte loop that spares
/// them, since the macro runs unoptimized in a `cargo check` and a handler's origins are checked
/// each time it compiles. The host name is letters, digits, `-` and `.`, without an empty label,
/// and its last label starts with a letter (the URL Standard reads a host that ends in a number
/// as an IPv4 address); the port has no leading zero, is at most 65535 and is not the scheme's
/// default. Anything else takes the full checks.
fn is_plain_origin(text: &str) -> bool {
    let (rest, default_port) = match (text.strip_prefix("https://"), text.strip_prefix("http://")) {
        (Some(rest), _) => (rest, 443),
        (None, Some(rest)) => (rest, 80),
        (None, None) => return false,
    };
    let (host, port) = match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = host.bytes().all(|byte| {
        byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-' || byte == b'.'
    }) && !host.starts_with('.')
        && !host.contains("..")
        && host
            .rsplit('.')
            .next()
            .and_then(|last| last.bytes().next())
            .is_some_and(|first| first.is_ascii_lowercase());
    let port_ok = port.is_none_or(|port| {
        port.bytes().next().is_some_and(|first| first != b'0')
            && port.len() <= 5
            && port.bytes().all(|byte| byte.is_ascii_digit())
            && port
                .parse::<u32>()
                .is_ok_and(|number| number <= 65_535 && number != default_port)
    });
    host_ok && port_ok
}

/// Whether a canonical origin is plain `http` on a host other than this machine's: a network
/// attacker can answer for such an origin, so trusting it with credentials trusts the attacker.
/// Loopback hosts are the ones browsers hold "potentially trustworthy" (Secure Contexts,
/// section 3.1): `localhost` and its subdomains, `127.0.0.0/8`, `[::1]`.
pub fn is_forgeable_plain_http(origin: &str) -> bool {
    let Some(authority) = origin.strip_prefix("http://") else {
        return false;
    };
    let (host, _) = split_host_port(authority);
    let loopback = host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host
            .parse::<Ipv4Addr>()
            .is_ok_and(|address| address.is_loopback());
    !loopback
}

/// Whether `text` has any of these ASCII characters. A byte loop rather than `str::contains`
/// with a `char` array, which the macro, built unoptimized for `cargo check`, runs much slower.
pub(crate) fn contains_any(text: &str, ascii: &[u8]) -> bool {
    text.bytes().any(|byte| ascii.contains(&byte))
}

/// Regex and glob syntax, and domain suffixes: origins match exactly, so these would never match.
fn looks_like_pattern(text: &str) -> bool {
    if contains_any(text, b"*^$()|\\{}+") {
        return true;
    }
    let (scheme, rest) = text.split_once("://").unwrap_or(("", text));
    // `https?://`, `[a-z]`, `.example.com`; a bracket is fine only around an IPv6 address.
    // `app-?.example.com` is a glob; `app.example.com?x=1` a query.
    let glob_question_mark = rest
        .split_once('?')
        .is_some_and(|(_, after)| after.contains('.') && !contains_any(after, b"=/"));
    glob_question_mark
        || contains_any(scheme, b"?[]")
        || rest.starts_with('.')
        || rest.find('[').is_some_and(|at| at != 0)
        || (rest.contains(']') && !rest.starts_with('['))
}

/// RFC 3986's `scheme`: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(text: &str) -> bool {
    text.bytes()
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"+-.".contains(&byte))
}

/// The origin meant by a text without `scheme://`: `app.example.com`, `//app.example.com`,
/// `https:/app.example.com`, `localhost:3000`. `https`, but `http` for this machine, where
/// development servers rarely have certificates.
fn guess_origin(text: &str) -> String {
    let (scheme, rest) = match text.split_once(':') {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            (Some(scheme.to_ascii_lowercase()), rest)
        }
        _ => (None, text),
    };
    let rest = rest.trim_start_matches('/');
    let scheme = scheme.unwrap_or_else(|| {
        let local = parse_after_scheme("http", rest)
            .is_ok_and(|parsed| !is_forgeable_plain_http(&parsed.canonical));
        if local { "http" } else { "https" }.to_string()
    });
    match parse_after_scheme(&scheme, rest) {
        Ok(parsed) => parsed.canonical,
        Err(_) => format!("{scheme}://{}", rest.trim_end_matches('/')),
    }
}

/// An origin's parts after `scheme://`, with what a browser would change.
struct Parsed<'t> {
    /// The origin a browser would send for this text.
    canonical: String,
    /// The path, query or fragment, from its first `/`, `?` or `#`.
    after: &'t str,
    userinfo: bool,
    default_port: bool,
    non_ascii: bool,
}

/// Splits and canonicalizes `rest`, the part after `scheme://`. Fails only where no origin can
/// be guessed: no host, a host no browser sends, a port that is not one.
fn parse_after_scheme<'t>(scheme: &str, rest: &'t str) -> Result<Parsed<'t>, OriginProblem> {
    let (authority, after) = match rest.find(['/', '?', '#']) {
        Some(at) => rest.split_at(at),
        None => (rest, ""),
    };
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((_, host_port)) => (true, host_port),
        None => (false, authority),
    };
    let (host, port) = split_host_port(host_port);
    if host.is_empty() {
        return Err(OriginProblem::EmptyHost);
    }
    let non_ascii = !host.is_ascii();
    let host = canonical_host(host)?;
    let (port, default_port) = match port {
        // The URL Standard reads an empty port as no port: `https://a.example:` is `https://a.example`.
        None | Some("") => (None, false),
        Some(port) => {
            let number = port
                .bytes()
                .all(|byte| byte.is_ascii_digit())
                .then(|| port.parse::<u32>().ok())
                .flatten()
                .filter(|number| (1..=65_535).contains(number))
                .ok_or_else(|| OriginProblem::BadPort(port.to_string()))?;
            let default = match scheme {
                "http" => Some(80),
                "https" => Some(443),
                _ => None,
            };
            if default == Some(number) {
                (None, true)
            } else {
                (Some(number), false)
            }
        }
    };
    let canonical = match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    };
    Ok(Parsed {
        canonical,
        after,
        userinfo,
        default_port,
        non_ascii,
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
    let lower = if host.is_ascii() {
        host.to_ascii_lowercase()
    } else {
        ascii_host(host)?
    };
    // Letters, digits, `-` and `.` only, as `cors_rules::is_serialized_origin` accepts at run
    // time: the other characters some browsers let through (`_`, `` ` ``, `}`, `%60`) are what
    // look-alike attacks are made of.
    if let Some(odd) = lower
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.')))
    {
        return Err(OriginProblem::BadHost(odd));
    }
    if lower.starts_with('.') || lower.ends_with('.') || lower.contains("..") {
        return Err(OriginProblem::BadHost('.'));
    }
    let last = lower.rsplit('.').next().unwrap_or_default();
    let ends_in_number = !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || last
                .strip_prefix("0x")
                .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit())));
    if ends_in_number {
        // The URL Standard parses a host ending in a number as IPv4 and serializes it dotted.
        let address = parse_ipv4(&lower).ok_or(OriginProblem::BadHost('.'))?;
        return Ok(address.to_string());
    }
    Ok(lower)
}

/// The URL Standard's IPv4 parser: one to four parts, each decimal, octal (`0` prefix) or hex
/// (`0x` prefix), the last filling the remaining bytes, so `127.1` and `0x7f.0.0.1` are
/// `127.0.0.1`.
fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let numbers = parts
        .iter()
        .map(|part| {
            let (digits, radix) = match part.strip_prefix("0x") {
                Some(hex) => (hex, 16),
                None if part.len() > 1 && part.starts_with('0') => (&part[1..], 8),
                None => (*part, 10),
            };
            if digits.is_empty() {
                // `0x` alone is 0, as is a lone `0`.
                return (radix == 16).then_some(0);
            }
            u64::from_str_radix(digits, radix).ok()
        })
        .collect::<Option<Vec<u64>>>()?;
    let (last, first) = numbers.split_last()?;
    if first.iter().any(|&part| part > 255) || *last >= 1 << (8 * (5 - numbers.len())) {
        return None;
    }
    let value = first
        .iter()
        .enumerate()
        .fold(*last, |value, (index, &part)| {
            value + (part << (8 * (3 - index)))
        });
    u32::try_from(value).ok().map(Ipv4Addr::from)
}

/// The host a browser sends for an internationalized one (UTS #46 processing, simplified):
/// lower case, the ideographic full stops read as `.`, each non-ASCII label as `xn--` punycode.
/// Unicode normalization (NFC) is left out: a host typed in a Rust source is nearly always
/// composed already.
fn ascii_host(host: &str) -> Result<String, OriginProblem> {
    let host: String = host
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{ff0e}' | '\u{ff61}' => '.',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let labels: Option<Vec<String>> = host
        .split('.')
        .map(|label| {
            if label.is_ascii() {
                Some(label.to_string())
            } else {
                punycode(label).map(|encoded| format!("xn--{encoded}"))
            }
        })
        .collect();
    labels
        .map(|labels| labels.join("."))
        .ok_or(OriginProblem::BadHost('.'))
}

/// RFC 3492's encoding of one label, `None` on overflow (labels far longer than DNS allows).
fn punycode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    let code_points: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = u32::try_from(output.len()).ok()?;
    if basic > 0 {
        output.push('-');
    }
    let digit = |value: u32| -> char {
        // 0..=25 are `a`..=`z`, 26..=35 are `0`..=`9`.
        char::from_digit((value + 10) % 36, 36).unwrap_or('a')
    };
    let (mut next, mut delta, mut bias, mut handled) = (128_u32, 0_u32, 72_u32, basic);
    while (handled as usize) < code_points.len() {
        let smallest = code_points.iter().copied().filter(|&c| c >= next).min()?;
        delta = delta.checked_add((smallest - next).checked_mul(handled + 1)?)?;
        next = smallest;
        for &code_point in &code_points {
            if code_point < next {
                delta = delta.checked_add(1)?;
            }
            if code_point == next {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = k.saturating_sub(bias).clamp(T_MIN, T_MAX);
                    if q < t {
                        break;
                    }
                    output.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        next += 1;
    }
    Some(output)
}

/// RFC 3492, section 6.1.
fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    const BASE: u32 = 36;
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - 1) * 26) / 2 {
        delta /= BASE - 1;
        k += BASE;
    }
    k + (BASE * delta) / (delta + 38)
}

fn first_odd_char(text: &str, allowed: &str) -> char {
    text.chars()
        .find(|c| !(c.is_ascii_hexdigit() || allowed.contains(*c)))
        .unwrap_or(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text the shortcut passes, the full checks pass too; and it does pass the usual
    /// shapes, or it would spare nothing.
    #[test]
    fn the_plain_origin_shortcut_passes_only_what_the_full_checks_pass() {
        let schemes = [
            "https://", "http://", "HTTPS://", "ws://", "ftp://", "https:/", "",
        ];
        let hosts = [
            "app.example.com",
            "localhost",
            "a",
            "a-b.example",
            "-a.example",
            "a-.example",
            "App.example.com",
            "app..example",
            ".app.example",
            "app.example.",
            "app.example.com.",
            "127.0.0.1",
            "127.1",
            "0x7f.1",
            "a.0x1f",
            "a.123",
            "a.1b",
            "xn--bcher-kva.example",
            "a_b.example",
            "a b.example",
            "b\u{fc}cher.example",
            "",
            "[::1]",
            "*.example.com",
            "app.example.com/",
            "app.example.com/path",
            "app.example.com?x=1",
            "user@app.example",
            "null",
        ];
        let ports = [
            "", ":", ":0", ":1", ":80", ":443", ":8080", ":08080", ":65535", ":65536", ":99999",
            ":123456", ":+80", ":-1", ":8o",
        ];
        let mut shortcut = 0;
        for scheme in schemes {
            for host in hosts {
                for port in ports {
                    let text = format!("{scheme}{host}{port}");
                    if is_plain_origin(&text) {
                        shortcut += 1;
                        assert_eq!(
                            check_origin_text_in_full(&text),
                            Ok(()),
                            "the shortcut passed {text:?}"
                        );
                    }
                }
            }
        }
        // Two schemes; eight hosts (the first four, the two with a hyphen at a label's edge,
        // `a.1b` and the punycode one); five ports each (none, 1, 8080, 65535 and the other
        // scheme's default).
        assert_eq!(shortcut, 2 * 8 * 5, "texts the shortcut passed");
        for usual in [
            "https://app.example.com",
            "http://localhost:5173",
            "https://a-b.example:8443",
        ] {
            assert!(is_plain_origin(usual), "{usual}");
        }
    }

    /// `check_origin_text` without its shortcut.
    fn check_origin_text_in_full(text: &str) -> Result<(), OriginProblem> {
        let text = format!("{text}#");
        // The `#` makes the shortcut fail; the full checks then answer for the text before it,
        // with `Path` standing for success.
        match check_origin_text(&text) {
            Err(OriginProblem::Path(fix)) if fix == text[..text.len() - 1] => Ok(()),
            Err(problem) => Err(problem),
            Ok(()) => unreachable!("a `#` is never in an origin"),
        }
    }

    #[test]
    fn browser_origins_pass() {
        for origin in [
            "https://app.example.com",
            "http://localhost:5173",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
            "https://[2001:db8::1]",
            "https://xn--bcher-kva.example",
            "https://app.example.com:8443",
            "chrome-extension://abcdefghijklmnop",
            "tauri://localhost",
        ] {
            assert_eq!(check_origin_text(origin), Ok(()), "{origin}");
        }
    }

    #[test]
    fn each_problem_comes_with_the_browser_form() {
        use OriginProblem::*;
        let cases = [
            ("null", Null),
            ("NULL", Null),
            ("https://*.example.com", Pattern),
            ("*.example.com", Pattern),
            ("https://app\\.example\\.com", Pattern),
            ("^https://app.example.com$", Pattern),
            ("https?://app.example.com", Pattern),
            ("https://app[0-9].example.com", Pattern),
            ("https://.example.com", Pattern),
            (
                "app.example.com",
                MissingScheme("https://app.example.com".into()),
            ),
            (
                "App.Example.com/",
                MissingScheme("https://app.example.com".into()),
            ),
            (
                "//app.example.com",
                MissingScheme("https://app.example.com".into()),
            ),
            (
                "https:/app.example.com",
                MissingScheme("https://app.example.com".into()),
            ),
            (
                "localhost:3000",
                MissingScheme("http://localhost:3000".into()),
            ),
            (
                "wss://app.example.com",
                WebSocketScheme("https://app.example.com".into()),
            ),
            (
                "ws://localhost:8080",
                WebSocketScheme("http://localhost:8080".into()),
            ),
            (
                "https://app.example.com/",
                TrailingSlash("https://app.example.com".into()),
            ),
            (
                "https://app.example.com:8443/",
                TrailingSlash("https://app.example.com:8443".into()),
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
                "https://app.example.com#top",
                Path("https://app.example.com".into()),
            ),
            (
                "https://user:pw@app.example.com",
                Userinfo("https://app.example.com".into()),
            ),
            ("https://", EmptyHost),
            ("https://:8080", EmptyHost),
            ("https://app.example.com:99999", BadPort("99999".into())),
            ("https://app.example.com:0", BadPort("0".into())),
            ("https://app.example.com:80a", BadPort("80a".into())),
            (
                "https://app.example.com:",
                NotCanonical("https://app.example.com".into()),
            ),
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
            (
                "https://bücher.example",
                NonAsciiHost("https://xn--bcher-kva.example".into()),
            ),
            (
                "https://Bücher.example:8443",
                NonAsciiHost("https://xn--bcher-kva.example:8443".into()),
            ),
            (
                "https://例え。テスト",
                NonAsciiHost("https://xn--r8jz45g.xn--zckzah".into()),
            ),
            ("https://app`.example.com", BadHost('`')),
            ("https://my_app.example.com", BadHost('_')),
            ("https://app%60.example.com", BadHost('%')),
            ("https://app..example.com", BadHost('.')),
            (
                "http://[0:0:0:0:0:0:0:1]:8080",
                NotCanonical("http://[::1]:8080".into()),
            ),
            (
                "http://127.000.000.001",
                NotCanonical("http://127.0.0.1".into()),
            ),
            (
                "http://127.1:8080",
                NotCanonical("http://127.0.0.1:8080".into()),
            ),
            ("http://0x7f.0.0.1", NotCanonical("http://127.0.0.1".into())),
            ("http://256.0.0.1", BadHost('.')),
            ("http://app.1", BadHost('.')),
            (
                "http://localhost:03000",
                NotCanonical("http://localhost:3000".into()),
            ),
        ];
        for (text, problem) in cases {
            assert_eq!(check_origin_text(text), Err(problem), "{text}");
        }
    }

    #[test]
    fn punycode_matches_rfc_3492() {
        for (label, encoded) in [
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("пример", "e1afmkfd"),
            ("中国", "fiqs8s"),
            ("例え", "r8jz45g"),
            ("テスト", "zckzah"),
            // RFC 3492, section 7.1, (A) Arabic (Egyptian).
            ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
            // RFC 3492, section 7.1, (L) 3<nen>B<gumi><kinpachi><sensei>.
            ("3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"),
        ] {
            assert_eq!(punycode(label).as_deref(), Some(encoded), "{label}");
        }
    }

    #[test]
    fn only_plain_http_beyond_this_machine_is_forgeable() {
        for origin in [
            "http://app.example.com",
            "http://192.168.1.10:8080",
            "http://[2001:db8::1]",
            "http://localhost.example.com",
        ] {
            assert!(is_forgeable_plain_http(origin), "{origin}");
        }
        for origin in [
            "https://app.example.com",
            "http://localhost",
            "http://localhost:5173",
            "http://app.localhost:3000",
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:3000",
        ] {
            assert!(!is_forgeable_plain_http(origin), "{origin}");
        }
    }
}
