//! Matching `Access-Control-Request-Method` against the policy's methods.

use crate::in_place::InPlace;

/// Which methods a policy admits.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one per policy, in its static; boxing the list would allocate"
)]
pub(crate) enum AllowedMethods {
    /// `methods = ["*"]` (only without credentials, where `*` is a wildcard).
    Any,
    /// The methods as written, upper case for the standard ones.
    List(InPlace<&'static str, 16>),
}

impl AllowedMethods {
    /// Methods are compared byte for byte: the Fetch Standard normalizes only DELETE, GET, HEAD,
    /// OPTIONS, POST and PUT, so `fetch(url, {method: "patch"})` asks for `patch`, and a policy
    /// that lists `PATCH` does not admit it (browsers would refuse the answer anyway).
    pub(crate) fn allows(&self, method: &[u8]) -> bool {
        match self {
            AllowedMethods::Any => true,
            AllowedMethods::List(list) => list.as_slice().iter().any(|allowed| {
                allowed.as_bytes() == method
                    // axum answers HEAD with the GET handler, so a GET policy covers HEAD.
                    || (method == b"HEAD" && allowed.as_bytes() == b"GET")
            }),
        }
    }

    pub(crate) fn list(&self) -> &[&'static str] {
        match self {
            AllowedMethods::Any => &["*"],
            AllowedMethods::List(list) => list.as_slice(),
        }
    }
}
