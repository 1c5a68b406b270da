//! The rules an origin must follow, in one place: `#[cors]` applies them to the origins written in
//! the attribute at compile time, and `cors-runtime` to the origins it reads from the environment
//! at startup, so that both accept and refuse exactly the same entries with the same messages.
//!
//! An origin, as browsers send it in `Origin`, is `scheme://host[:port]`: scheme and host lower
//! case, internationalized hosts in punycode, IP addresses in canonical form, the scheme's
//! default port left out, no path and no trailing `/` (Fetch Standard and URL Standard, "ASCII
//! serialization of an origin").
//!
//! ```
//! assert!(cors_rules::is_serialized_origin(b"https://app.example.com"));
//! assert!(!cors_rules::is_serialized_origin(b"https://app.example.com/"));
//!
//! let pattern = cors_rules::SubdomainPattern::new("https://", ".example.com");
//! assert!(pattern.matches(b"https://a.b.example.com"));
//! assert!(!pattern.matches(b"https://evilexample.com"));
//! ```

#![forbid(unsafe_code)]

mod entry;
mod origin;
mod serialized;
mod subdomain;

pub use entry::{
    check_entry, check_entry_text, insecure_http_message, message, EntryRules, OriginEntry,
};
pub use origin::{check_origin_text, is_forgeable_plain_http, OriginProblem};
pub use serialized::is_serialized_origin;
pub use subdomain::{matches_parts, SubdomainPattern};
