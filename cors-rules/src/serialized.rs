//! Whether bytes are an origin exactly as a browser serializes it, without allocating: the gate
//! a request's `Origin` passes before a user's origin predicate sees it.

/// Whether `bytes` is `scheme://host[:port]` as browsers send it: a lower-case scheme; a
/// lower-case host of dot-separated labels of letters, digits and `-`, or a bracketed IPv6
/// address; and a port from 1 to 65535 without leading zeros. `null`, paths, user info, upper
/// case and anything else are refused.
///
/// ```
/// use cors_rules::is_serialized_origin;
///
/// assert!(is_serialized_origin(b"http://localhost:5173"));
/// assert!(is_serialized_origin(b"http://[::1]:8080"));
/// assert!(!is_serialized_origin(b"null"));
/// assert!(!is_serialized_origin(b"https://App.example.com"));
/// assert!(!is_serialized_origin(b"https://user@app.example.com"));
/// assert!(!is_serialized_origin(b"https://app.example.com:0443"));
/// ```
#[must_use]
pub fn is_serialized_origin(bytes: &[u8]) -> bool {
    let Some(separator) = find(bytes, b"://") else {
        return false;
    };
    let (scheme, rest) = (&bytes[..separator], &bytes[separator + 3..]);
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_lowercase)
        && scheme.iter().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"+-.".contains(byte)
        });
    if !scheme_ok {
        return false;
    }
    let (host, port) = if rest.first() == Some(&b'[') {
        let Some(end) = rest.iter().position(|byte| *byte == b']') else {
            return false;
        };
        let (host, after) = rest.split_at(end + 1);
        let address = &host[1..host.len() - 1];
        let address_ok = !address.is_empty()
            && address.iter().all(|byte| {
                byte.is_ascii_digit() || (b'a'..=b'f').contains(byte) || b":.".contains(byte)
            });
        if !address_ok {
            return false;
        }
        match after {
            [] => (host, None),
            [b':', port @ ..] => (host, Some(port)),
            _ => return false,
        }
    } else {
        match rest.iter().rposition(|byte| *byte == b':') {
            Some(colon) => (&rest[..colon], Some(&rest[colon + 1..])),
            None => (rest, None),
        }
    };
    if !host.starts_with(b"[") && !is_host(host) {
        return false;
    }
    port.is_none_or(is_port)
}

/// Dot-separated labels of lower-case letters, digits and `-`, none empty.
pub(crate) fn is_host(host: &[u8]) -> bool {
    !host.is_empty()
        && host.split(|byte| *byte == b'.').all(|label| {
            !label.is_empty()
                && label
                    .iter()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || *byte == b'-')
        })
}

/// 1 to 65535, without leading zeros.
fn is_port(port: &[u8]) -> bool {
    let digits_ok = !port.is_empty() && port.len() <= 5 && port.iter().all(u8::is_ascii_digit);
    if !digits_ok || port[0] == b'0' {
        return false;
    }
    port.iter()
        .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
        <= 65_535
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_browsers_never_send() {
        for bad in [
            &b""[..],
            b"https://",
            b"https://app.example.com/",
            b"https://app.example.com/path",
            b"https://app..example.com",
            b"https://.example.com",
            b"https://app.example.com.",
            b"https://app_1.example.com",
            b"https://app.example.com:",
            b"https://app.example.com:65536",
            b"https://app.example.com:0",
            b"HTTPS://app.example.com",
            b"https://[::1",
            b"https://[::g]",
            b"https://[::1]x",
            b"https://app.example.com%60.evil.net",
            b"https://app.example.com\xff",
            b"://app.example.com",
            b"1https://app.example.com",
        ] {
            assert!(
                !is_serialized_origin(bad),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn accepts_what_browsers_send() {
        for good in [
            &b"https://app.example.com"[..],
            b"http://localhost:5173",
            b"http://127.0.0.1:3000",
            b"http://[::1]:8080",
            b"https://xn--bcher-kva.example",
            b"chrome-extension://abcdefghijklmnop",
            b"https://app.example.com:65535",
        ] {
            assert!(
                is_serialized_origin(good),
                "{}",
                String::from_utf8_lossy(good)
            );
        }
    }
}
