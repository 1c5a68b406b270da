//! Several handlers on one path, each with its own policy: `preflight!` and `cors_route!`.

use http::header::ACCESS_CONTROL_REQUEST_METHOD;
use http::{HeaderMap, HeaderValue};

use crate::origin::single_value;
use crate::policy::Policy;
use crate::preflight::{PreflightOutcome, RefusalReason};
use crate::vary;

/// The policies of the handlers on one path, with their methods disjoint (checked at compile
/// time by `preflight!`). Built by the macros; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct PolicySet {
    policies: &'static [&'static Policy],
    allow: HeaderValue,
}

impl PolicySet {
    /// `allow` is the `Allow` value of a 405 on this path.
    pub const fn new(policies: &'static [&'static Policy], allow: HeaderValue) -> PolicySet {
        PolicySet { policies, allow }
    }

    /// Picks the policy by `Access-Control-Request-Method`, then evaluates the preflight with it.
    pub fn preflight(&self, request_headers: &HeaderMap) -> PreflightOutcome<'static> {
        let policy =
            single_value(request_headers, &ACCESS_CONTROL_REQUEST_METHOD).and_then(|method| {
                self.policies
                    .iter()
                    .find(|policy| policy.allows_method(method.as_bytes()))
            });
        match policy {
            Some(policy) => policy.preflight(request_headers),
            None => {
                let reason = RefusalReason::MethodNotAllowed;
                crate::explain::refused_preflight(self.policies, request_headers, reason);
                PreflightOutcome::Refused(reason)
            }
        }
    }

    /// Adds actual-request headers to a response that no single handler made (the 405 of an
    /// unrouted method): those of the first policy that allows the origin, and `Vary: Origin`
    /// whenever any policy depends on it, since which policy answers depends on the origin too.
    pub fn apply(&self, request_headers: &HeaderMap, response_headers: &mut HeaderMap) {
        let allowed = self.policies.iter().find_map(|policy| {
            policy
                .allowed_origin(request_headers)
                .map(|origin| (*policy, origin))
        });
        if let Some((policy, origin)) = allowed {
            policy.apply(Some(origin), response_headers);
        }
        if self
            .policies
            .iter()
            .any(|policy| policy.depends_on_origin())
        {
            vary::append_origin(response_headers);
        }
    }

    /// The `Allow` value for a 405 on this path.
    pub fn allow(&self) -> &HeaderValue {
        &self.allow
    }
}

/// The most distinct tokens an `Allow` value built by [`allow_value`] can hold.
const MAX_ALLOW_TOKENS: usize = 64;

/// What `Allow` lists for a `["*"]` method policy.
const ANY_METHODS: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/// The distinct methods of `lists`, with `HEAD` after `GET` and `OPTIONS` last.
const fn allow_tokens(lists: &[&[&'static str]]) -> ([&'static str; MAX_ALLOW_TOKENS], usize) {
    let mut tokens = [""; MAX_ALLOW_TOKENS];
    let mut count = 0;
    let mut list = 0;
    while list < lists.len() {
        let mut index = 0;
        while index < lists[list].len() {
            let method = lists[list][index];
            if str_eq(method, "*") {
                let mut any = 0;
                while any < ANY_METHODS.len() {
                    count = push_distinct(&mut tokens, count, ANY_METHODS[any]);
                    any += 1;
                }
            } else if !method.is_empty() {
                // (`""` is a place of `MethodSet::WRITTEN` without a method.)
                count = push_distinct(&mut tokens, count, method);
                if str_eq(method, "GET") {
                    count = push_distinct(&mut tokens, count, "HEAD");
                }
            }
            index += 1;
        }
        list += 1;
    }
    count = push_distinct(&mut tokens, count, "OPTIONS");
    (tokens, count)
}

const fn push_distinct(
    tokens: &mut [&'static str; MAX_ALLOW_TOKENS],
    count: usize,
    token: &'static str,
) -> usize {
    let mut index = 0;
    while index < count {
        if str_eq(tokens[index], token) {
            return count;
        }
        index += 1;
    }
    assert!(count < MAX_ALLOW_TOKENS, "more than 64 methods on one path");
    tokens[count] = token;
    count + 1
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// The length of [`allow_value`]'s result, to size its array.
pub const fn allow_value_len(lists: &[&[&'static str]]) -> usize {
    let (tokens, count) = allow_tokens(lists);
    let mut len = 0;
    let mut index = 0;
    while index < count {
        if index > 0 {
            len += 2;
        }
        len += tokens[index].len();
        index += 1;
    }
    len
}

/// The `Allow` value for a path whose handlers allow the methods in `lists`, computed at compile
/// time: `GET, HEAD, POST, OPTIONS`.
pub const fn allow_value<const LEN: usize>(lists: &[&[&'static str]]) -> [u8; LEN] {
    let (tokens, count) = allow_tokens(lists);
    let mut out = [0u8; LEN];
    let mut at = 0;
    let mut index = 0;
    while index < count {
        if index > 0 {
            out[at] = b',';
            out[at + 1] = b' ';
            at += 2;
        }
        let token = tokens[index].as_bytes();
        let mut byte = 0;
        while byte < token.len() {
            out[at] = token[byte];
            at += 1;
            byte += 1;
        }
        index += 1;
    }
    out
}

/// Whether `list` (a policy's methods) admits `method` (`*` admits all). Used by the macros'
/// compile-time checks.
pub const fn methods_allow(list: &[&str], method: &str) -> bool {
    let mut index = 0;
    while index < list.len() {
        if str_eq(list[index], "*") || str_eq(list[index], method) {
            return true;
        }
        index += 1;
    }
    false
}

/// Whether two policies' methods share one (`*` shares all). Used by `preflight!`'s check.
pub const fn methods_overlap(a: &[&str], b: &[&str]) -> bool {
    let mut index = 0;
    while index < a.len() {
        let method = a[index];
        // `""` is a place of `MethodSet::WRITTEN` without a method.
        let shared = if str_eq(method, "*") {
            has_method(b)
        } else {
            !method.is_empty() && methods_allow(b, method)
        };
        if shared {
            return true;
        }
        index += 1;
    }
    false
}

/// Whether `list` names a method (`MethodSet::WRITTEN` holds `""` where it has none).
const fn has_method(list: &[&str]) -> bool {
    let mut index = 0;
    while index < list.len() {
        if !list[index].is_empty() {
            return true;
        }
        index += 1;
    }
    false
}

/// The methods of a companion module's policy, as `cors_route!` and `preflight!` check them:
/// `explicit`, its `PolicySource::METHODS`, when the module writes them, and `derived`, its
/// `MethodSet::WRITTEN`, when not.
pub const fn policy_methods(
    explicit: &'static [&'static str],
    derived: &'static [&'static str],
) -> &'static [&'static str] {
    if explicit.is_empty() {
        derived
    } else {
        explicit
    }
}

/// Reads bytes computed at compile time as `str`.
pub const fn utf8(bytes: &'static [u8]) -> &'static str {
    match core::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => panic!("an `Allow` value built from method tokens is ASCII"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_value_lists_each_method_once_with_head_and_options() {
        const LISTS: &[&[&str]] = &[&["GET", "PATCH"], &["POST", "GET"]];
        const LEN: usize = allow_value_len(LISTS);
        const VALUE: [u8; LEN] = allow_value::<LEN>(LISTS);
        assert_eq!(utf8(&VALUE), "GET, HEAD, PATCH, POST, OPTIONS");
    }

    #[test]
    fn overlap_is_symmetric_and_sees_wildcards() {
        assert!(methods_overlap(&["GET"], &["POST", "GET"]));
        assert!(!methods_overlap(&["GET"], &["POST"]));
        assert!(methods_overlap(&["*"], &["POST"]));
        assert!(methods_overlap(&["POST"], &["*"]));
        assert!(!methods_overlap(&["get"], &["GET"]));
    }

    /// `MethodSet::WRITTEN` holds `""` where the set has no method: an empty place is no method,
    /// for the `Allow` value, the overlap and the check of one method alike.
    #[test]
    fn empty_places_are_no_method() {
        const LISTS: &[&[&str]] = &[&["", "", "POST", "", "", ""], &["GET", "", "", "", "", ""]];
        const LEN: usize = allow_value_len(LISTS);
        const VALUE: [u8; LEN] = allow_value::<LEN>(LISTS);
        assert_eq!(utf8(&VALUE), "POST, GET, HEAD, OPTIONS");
        assert!(!methods_overlap(&["", "", "POST"], &["GET", "", ""]));
        assert!(!methods_overlap(&["*"], &["", ""]));
        assert!(!methods_overlap(&["", ""], &["*"]));
        assert!(methods_overlap(&["*"], &["", "PUT"]));
        assert!(methods_overlap(&["", "PUT"], &["*"]));
        assert!(!methods_allow(&["", "POST"], "GET"));
    }

    #[test]
    fn a_written_list_wins_over_the_derived_one() {
        assert_eq!(policy_methods(&[], &["GET", ""]), &["GET", ""]);
        assert_eq!(policy_methods(&["*"], &["GET", ""]), &["*"]);
    }
}
