//! Origins known only at deploy time: read once from an environment variable, checked by the
//! same rules as the origins written in the attribute.
//!
//! The variable holds a comma-separated list of exact origins and subdomain patterns:
//! `CORS_ORIGINS="https://app.example.com, https://*.preview.example.com"`. A bad entry is an
//! error naming the variable and the entry: [`check_origins_from_env`] reports every such
//! error at startup, and a request never panics on one (the variable's origins are then simply
//! not allowed).

use std::fmt;
use std::sync::OnceLock;

use cors_rules::{EntryRules, OriginEntry};

use crate::policy::Policy;

/// Where the generated code registers every policy that reads origins from the environment, so
/// that [`check_origins_from_env`] can find them all.
#[doc(hidden)]
#[linkme::distributed_slice]
pub static POLICIES_WITH_ENV_ORIGINS: [&'static Policy];

/// Origins read from an environment variable on first use. Built by the macro; not a public
/// API.
#[doc(hidden)]
pub struct EnvOrigins {
    variable: &'static str,
    rules: EntryRules,
    loaded: OnceLock<Result<OriginSet, Vec<EntryError>>>,
}

impl fmt::Debug for EnvOrigins {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("EnvOrigins")
            .field("variable", &self.variable)
            .field("loaded", &self.loaded.get())
            .finish()
    }
}

/// `(prefix, suffix)` of a subdomain pattern: `("https://", ".example.com")`.
type PatternEnds = (Box<[u8]>, Box<[u8]>);

/// The origins of a variable, parsed.
#[derive(Debug)]
struct OriginSet {
    /// Sorted, for binary search.
    exact: Vec<Box<[u8]>>,
    patterns: Vec<PatternEnds>,
}

/// One thing wrong with a variable: not set, or a bad entry.
#[derive(Debug, Clone, PartialEq, Eq)]
struct EntryError {
    /// 1-based position of the entry, `None` for the variable as a whole.
    position: Option<usize>,
    entry: String,
    message: String,
}

impl EnvOrigins {
    /// `credentials` and `allow_insecure_http` are the policy's, since they change which origins
    /// are acceptable.
    pub const fn new(variable: &'static str, credentials: bool, allow_insecure_http: bool) -> Self {
        EnvOrigins {
            variable,
            rules: EntryRules {
                credentials,
                allow_insecure_http,
            },
            loaded: OnceLock::new(),
        }
    }

    /// The variable's name.
    pub fn variable(&self) -> &'static str {
        self.variable
    }

    fn load(&self) -> &Result<OriginSet, Vec<EntryError>> {
        self.loaded
            .get_or_init(|| parse(std::env::var(self.variable), &self.rules))
    }

    /// Whether a request's `Origin` bytes are among the variable's origins. A variable that
    /// failed to parse admits nothing.
    pub(crate) fn allows(&self, origin: &[u8]) -> bool {
        let Ok(set) = self.load() else {
            return false;
        };
        set.exact
            .binary_search_by(|candidate| candidate.as_ref().cmp(origin))
            .is_ok()
            || set
                .patterns
                .iter()
                .any(|(prefix, suffix)| cors_rules::matches_parts(prefix, suffix, origin))
    }

    fn errors(&self) -> &[EntryError] {
        match self.load() {
            Ok(_) => &[],
            Err(errors) => errors,
        }
    }
}

fn parse(
    value: Result<String, std::env::VarError>,
    rules: &EntryRules,
) -> Result<OriginSet, Vec<EntryError>> {
    let whole = |message: &str| {
        Err(vec![EntryError {
            position: None,
            entry: String::new(),
            message: message.to_string(),
        }])
    };
    let value = match value {
        Ok(value) => value,
        Err(std::env::VarError::NotPresent) => return whole("is not set"),
        Err(std::env::VarError::NotUnicode(_)) => return whole("is not valid UTF-8"),
    };
    if value.trim().is_empty() {
        return whole("is empty; list origins separated by commas, such as `https://app.example.com,https://admin.example.com`");
    }
    let mut set = OriginSet {
        exact: Vec::new(),
        patterns: Vec::new(),
    };
    let mut errors = Vec::new();
    for (index, entry) in value.split(',').enumerate() {
        let entry = entry.trim();
        let mut fail = |message: String| {
            errors.push(EntryError {
                position: Some(index + 1),
                entry: entry.to_string(),
                message,
            });
        };
        if entry.is_empty() {
            fail("is empty (two commas in a row, or a comma at either end)".to_string());
            continue;
        }
        if entry == "*" {
            fail("`*` cannot come from the environment: write `origins = [\"*\"]` in the attribute for a public resource".to_string());
            continue;
        }
        match cors_rules::check_entry(entry, rules) {
            Ok(OriginEntry::Exact(origin)) => {
                let origin: Box<[u8]> = origin.into_bytes().into_boxed_slice();
                if set.exact.contains(&origin) {
                    fail("duplicates an earlier entry; remove one of them".to_string());
                } else {
                    set.exact.push(origin);
                }
            }
            Ok(OriginEntry::Pattern { prefix, suffix }) => set.patterns.push((
                prefix.into_bytes().into_boxed_slice(),
                suffix.into_bytes().into_boxed_slice(),
            )),
            Err(problem) => fail(problem.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    set.exact.sort_unstable();
    Ok(set)
}

/// What [`check_origins_from_env`] found wrong: every bad variable and entry, each naming the
/// variable, the entry and the fix. Its `Display` is one line per problem, for the log of a
/// program that stops at startup.
///
/// ```
/// use cors_runtime::cors;
///
/// #[cors(origins_env = "DOCTEST_UNSET_ORIGINS", methods = [GET])]
/// async fn handler() {}
///
/// std::env::remove_var("DOCTEST_UNSET_ORIGINS");
/// let error: cors_runtime::EnvOriginsError = cors_runtime::check_origins_from_env().unwrap_err();
/// assert!(error.to_string().contains("DOCTEST_UNSET_ORIGINS is not set (read by `handler`)"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvOriginsError {
    lines: Vec<String>,
}

impl fmt::Display for EnvOriginsError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("CORS origins from the environment are invalid:")?;
        for line in &self.lines {
            write!(formatter, "\n  {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EnvOriginsError {}

/// Reads and checks, now, the environment variables of every `#[cors(origins_env = "...")]`
/// policy in the program, and reports every bad one at once. Call it first thing in `main`, so
/// that a bad deploy stops at startup with a message naming the variable and the entry, instead
/// of refusing origins at run time. Returns how many policies were checked.
///
/// ```
/// use cors_runtime::cors;
///
/// #[cors(origins_env = "DOCTEST_FRONTEND_ORIGINS", methods = [GET])]
/// async fn list_users() {}
///
/// std::env::set_var("DOCTEST_FRONTEND_ORIGINS", "https://app.example.com, https://*.preview.example.com/");
/// let error = cors_runtime::check_origins_from_env().unwrap_err();
/// assert!(error.to_string().contains("DOCTEST_FRONTEND_ORIGINS entry 2 `https://*.preview.example.com/`"));
/// ```
pub fn check_origins_from_env() -> Result<usize, EnvOriginsError> {
    let mut lines: Vec<String> = Vec::new();
    let mut checked = 0;
    for policy in POLICIES_WITH_ENV_ORIGINS.iter() {
        let Some(origins) = policy.env_origins() else {
            continue;
        };
        checked += 1;
        for error in origins.errors() {
            let line = match error.position {
                None => format!(
                    "{} {} (read by `{}`)",
                    origins.variable,
                    error.message,
                    policy.name()
                ),
                Some(position) => format!(
                    "{} entry {position} `{}` (read by `{}`): {}",
                    origins.variable,
                    error.entry,
                    policy.name(),
                    error.message
                ),
            };
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        Ok(checked)
    } else {
        Err(EnvOriginsError { lines })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_suffix_patterns_are_refused_at_startup_as_the_feature_allows() {
        let rules = EntryRules::default();
        let read = |value: &str| parse(Ok(value.to_string()), &rules);
        assert!(
            read("https://*.com").is_err(),
            "a single-label base is always refused"
        );
        assert!(read("https://*.example.co.uk").is_ok());
        // `co.uk` is a public suffix only the Public Suffix List knows: refused with the feature,
        // and in any build exactly as the shared rules decide (cargo may unify the feature in
        // from another crate of the build).
        let refused = read("https://*.co.uk").is_err();
        assert_eq!(
            refused,
            cors_rules::check_entry_text("https://*.co.uk").is_err()
        );
        if cfg!(feature = "public-suffix") {
            assert!(refused);
        }
    }

    #[test]
    fn every_bad_entry_is_reported_with_its_position() {
        let rules = EntryRules::default();
        let errors =
            parse(Ok("https://a.example, ,null".to_string()), &rules).expect_err("two bad entries");
        let positions: Vec<_> = errors.iter().map(|error| error.position).collect();
        assert_eq!(positions, [Some(2), Some(3)]);
    }
}
