//! The policy value that `#[cors]` builds at compile time, and what it does with a request.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
};
use http::{HeaderMap, HeaderValue};

use core::fmt;
use std::sync::OnceLock;

use cors_rules::SubdomainPattern;

use crate::env::EnvOrigins;
use crate::explain;
use crate::in_place::{names, tagged, InPlace};
#[cfg(feature = "actix")]
use crate::origin::Allowed;
use crate::origin::{AllowedOrigins, ExactOrigins, OriginMatcher, OriginRules};
use crate::preflight::{self, PreflightOutcome};
use crate::request_headers::AllowedHeaders;
use crate::request_method::AllowedMethods;
use crate::vary;

/// The value of `Access-Control-Allow-Credentials`: the Fetch Standard accepts only `true`.
pub(crate) const TRUE: HeaderValue = HeaderValue::from_static("true");

/// One handler's CORS policy, built by `#[cors(...)]` as a `static` from a configuration the
/// macro validated at compile time.
///
/// You do not build a `Policy` yourself: the attribute puts one in the handler's companion
/// module as `CORS`. It is public so that you can inspect it, use it from your own middleware, or
/// answer a preflight by hand.
///
/// See the Fetch Standard's [CORS protocol](https://fetch.spec.whatwg.org/#http-cors-protocol)
/// and MDN's [CORS guide](https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS).
///
/// # Example
///
/// ```
/// use cors_runtime::cors;
///
/// #[cors(origins = ["https://app.example.com"], methods = [GET])]
/// async fn list_users() -> &'static str {
///     "[]"
/// }
///
/// let mut request = http::HeaderMap::new();
/// request.insert("origin", "https://app.example.com".parse().unwrap());
/// let allowed = list_users::CORS.allowed_origin(&request);
/// assert_eq!(allowed.unwrap(), "https://app.example.com");
///
/// let mut response = http::HeaderMap::new();
/// list_users::CORS.apply(list_users::CORS.allowed_origin(&request), &mut response);
/// assert_eq!(response["access-control-allow-origin"], "https://app.example.com");
/// assert_eq!(response["vary"], "Origin");
/// ```
///
/// # What the static holds
///
/// The macro writes the validated configuration as one string literal (its format is documented
/// in the source, at `PolicyParts::decode`) rather than as a tree of constants: a struct of
/// header values, slices and enums per handler costs the compiler type checking and constant
/// evaluation for every handler, and was the largest part of what the attribute cost at compile
/// time (see BENCHMARKS.md). On first use the policy makes its header values, which point into
/// the literal (no byte is copied), and its lists of the literal's `&'static str`s; later
/// requests pay one atomic load. Nothing is allocated, then or later, unless the policy lists
/// more than four exact origins or patterns, or more than sixteen origins, methods or request
/// headers: those lists are kept in one heap block each, made on first use.
pub struct Policy {
    /// The configuration, as the macro wrote it.
    text: &'static str,
    /// What a string cannot carry: functions and statics.
    extras: PolicyExtras,
    /// `text` and `extras`, decoded on first use.
    parts: OnceLock<PolicyParts>,
}

impl fmt::Debug for Policy {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Policy")
            .field("name", &self.name())
            .field("origins", &self.origins())
            .field("methods", &self.methods())
            .field("request_headers", &self.request_headers())
            .field("credentials", &self.credentials())
            .finish_non_exhaustive()
    }
}

/// The parts of a policy a string cannot carry, as the macro writes them. Not a public API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct PolicyExtras {
    /// The decision tree of a long exact-origin list: the index of the equal origin.
    pub matcher: Option<OriginMatcher>,
    /// Origins read from an environment variable at startup.
    pub env: Option<&'static EnvOrigins>,
    /// `origin_fn`.
    pub predicate: Option<fn(&str) -> bool>,
}

impl PolicyExtras {
    /// No extras.
    pub const NONE: PolicyExtras = PolicyExtras {
        matcher: None,
        env: None,
        predicate: None,
    };
}

/// The cache of a policy not yet used. A constant, whose value the compiler computes once and
/// copies into every handler's static, where a call of `OnceLock::new()` would be evaluated
/// again in each: 74 thousand instructions less per static (`scripts/static-cost.sh`).
#[allow(
    clippy::declare_interior_mutable_const,
    reason = "only ever copied into a policy's static, never borrowed"
)]
const UNDECODED: OnceLock<PolicyParts> = OnceLock::new();

/// Everything a [`Policy`] is made of, decoded from the macro's text.
#[derive(Debug)]
pub(crate) struct PolicyParts {
    pub(crate) name: &'static str,
    pub(crate) origins: AllowedOrigins,
    pub(crate) methods: AllowedMethods,
    pub(crate) headers: AllowedHeaders,
    pub(crate) credentials: bool,
    pub(crate) allow_methods: HeaderValue,
    pub(crate) allow_headers: Option<HeaderValue>,
    pub(crate) expose_headers: Option<HeaderValue>,
    pub(crate) max_age: Option<HeaderValue>,
    pub(crate) allow: HeaderValue,
    /// `204 No Content` unless `preflight_status = 200`.
    pub(crate) preflight_status: http::StatusCode,
    /// Answer `Access-Control-Request-Private-Network: true` with
    /// `Access-Control-Allow-Private-Network: true`.
    pub(crate) private_network: bool,
}

impl PolicyParts {
    /// Decodes the macro's text: one line per item, a one-character tag, a space, the value.
    ///
    /// | tag | value |
    /// |---|---|
    /// | `n` | the handler's name |
    /// | `c` | credentials (no value) |
    /// | `p` | answers Private Network Access preflights (no value) |
    /// | `s` | preflights are answered `200 OK`, not `204` (no value) |
    /// | `*` | any origin (no value) |
    /// | `o` | an origin or pattern as written, one line each |
    /// | `e` | an exact origin, one line each, in the order the matcher indexes them |
    /// | `w` | a subdomain pattern: its prefix, a space, its suffix |
    /// | `M` | any method (no value) |
    /// | `m` | an allowed method, one line each |
    /// | `H` | any request header (no value) |
    /// | `h` | an allowed request header, lower case, one line each |
    /// | `A`, `a`, `x`, `g`, `L` | the values of `Access-Control-Allow-Methods`, `-Allow-Headers`, `-Expose-Headers`, `-Max-Age` and `Allow` |
    ///
    /// The macro validated every value; a hand-written text with an invalid header value panics
    /// here, on the policy's first use, naming the value.
    fn decode(text: &'static str, extras: PolicyExtras) -> PolicyParts {
        let mut parts = PolicyParts {
            name: "",
            origins: AllowedOrigins::Any,
            methods: AllowedMethods::Any,
            headers: AllowedHeaders::None,
            credentials: false,
            allow_methods: HeaderValue::from_static(""),
            allow_headers: None,
            expose_headers: None,
            max_age: None,
            allow: HeaderValue::from_static(""),
            preflight_status: http::StatusCode::NO_CONTENT,
            private_network: false,
        };
        let (mut any_origin, mut any_method, mut any_header) = (false, false, false);
        for line in text.split('\n') {
            let (tag, value) = line.split_once(' ').unwrap_or((line, ""));
            match tag {
                "n" => parts.name = value,
                "c" => parts.credentials = true,
                "p" => parts.private_network = true,
                "s" => parts.preflight_status = http::StatusCode::OK,
                "*" => any_origin = true,
                "M" => any_method = true,
                "H" => any_header = true,
                "A" => parts.allow_methods = header_value(value),
                "a" => parts.allow_headers = Some(header_value(value)),
                "x" => parts.expose_headers = Some(header_value(value)),
                "g" => parts.max_age = Some(header_value(value)),
                "L" => parts.allow = header_value(value),
                _ => {}
            }
        }
        if !any_origin {
            let exact = tagged(text, b'e');
            let patterns = tagged(text, b'w').map(|pattern| {
                let (prefix, suffix) = pattern.split_once(' ').unwrap_or((pattern, ""));
                SubdomainPattern::new(prefix, suffix)
            });
            parts.origins = AllowedOrigins::Rules(OriginRules {
                list: names(text, b'o'),
                exact: ExactOrigins {
                    values: InPlace::collect(
                        exact.clone().count(),
                        exact.map(header_value),
                        HeaderValue::from_static(""),
                    ),
                    matcher: extras.matcher,
                },
                patterns: InPlace::collect(
                    patterns.clone().count(),
                    patterns,
                    SubdomainPattern::new("", ""),
                ),
                env: extras.env,
                predicate: extras.predicate,
            });
        }
        if !any_method {
            parts.methods = AllowedMethods::List(names(text, b'm'));
        }
        if any_header {
            parts.headers = AllowedHeaders::Any;
        } else if tagged(text, b'h').next().is_some() {
            parts.headers = AllowedHeaders::List(names(text, b'h'));
        }
        parts
    }
}

/// A header value pointing into the policy's text.
fn header_value(value: &'static str) -> HeaderValue {
    HeaderValue::from_static(value)
}

impl Policy {
    /// Builds a policy from the text the macro wrote (its format: `PolicyParts::decode`). Not a
    /// public API.
    #[doc(hidden)]
    #[must_use]
    pub const fn __encoded(text: &'static str) -> Policy {
        // Not a call of `__encoded_with`: the compiler evaluates every handler's policy static,
        // and a call less there is 16 thousand instructions less per static
        // (`scripts/static-cost.sh`).
        Policy {
            text,
            extras: PolicyExtras::NONE,
            parts: UNDECODED,
        }
    }

    /// [`__encoded`](Self::__encoded) with functions or statics. Not a public API.
    #[doc(hidden)]
    #[must_use]
    pub const fn __encoded_with(text: &'static str, extras: PolicyExtras) -> Policy {
        Policy {
            text,
            extras,
            parts: UNDECODED,
        }
    }

    /// The decoded policy: decoded on the first call, then one atomic load.
    #[inline]
    pub(crate) fn parts(&self) -> &PolicyParts {
        self.parts
            .get_or_init(|| PolicyParts::decode(self.text, self.extras))
    }

    /// The `Access-Control-Allow-Origin` value this policy sends for a request with these
    /// headers, or `None` when the request's origin is absent, repeated or not allowed.
    ///
    /// Exact origins match byte for byte against the single `Origin` header; the returned value
    /// points into the policy's own text, so nothing is allocated or copied. A `["*"]` policy returns `*` for
    /// every request, with or without `Origin`.
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [GET])]
    /// async fn handler() {}
    ///
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("origin", "https://app.example.com.evil.net".parse().unwrap());
    /// assert_eq!(handler::CORS.allowed_origin(&headers), None);
    /// ```
    #[must_use]
    pub fn allowed_origin(&self, request_headers: &HeaderMap) -> Option<HeaderValue> {
        self.parts().origins.allowed(request_headers)
    }

    /// Adds the actual-request CORS headers to a response: `Vary: Origin` whenever the answer
    /// depends on the origin (appended to the handler's own `Vary`, never duplicated), and, when
    /// `allowed_origin` is `Some`, `Access-Control-Allow-Origin`, `-Allow-Credentials` and
    /// `-Expose-Headers` as configured.
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [GET], credentials = true)]
    /// async fn handler() {}
    ///
    /// let mut response = http::HeaderMap::new();
    /// response.insert("vary", "accept-encoding".parse().unwrap());
    /// handler::CORS.apply(None, &mut response);
    /// let vary: Vec<_> = response.get_all("vary").iter().collect();
    /// assert_eq!(vary, ["accept-encoding", "Origin"]);
    /// assert!(response.get("access-control-allow-origin").is_none());
    /// ```
    pub fn apply(&self, allowed_origin: Option<HeaderValue>, response_headers: &mut HeaderMap) {
        let parts = self.parts();
        if parts.origins.depends_on_origin() {
            vary::append_origin(response_headers);
        }
        if let Some(origin) = allowed_origin {
            response_headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if parts.credentials {
                response_headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
            if let Some(expose) = &parts.expose_headers {
                response_headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
            }
        }
    }

    /// Evaluates a preflight request (see [`is_preflight`](crate::is_preflight)) against this
    /// policy: the origin, the requested method and every requested header must be allowed.
    /// A server that owns the request can answer in the request's own header map, without
    /// allocating: [`PreflightOutcome::into_response_in`].
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [POST], headers = ["content-type"])]
    /// async fn handler() {}
    ///
    /// let mut headers = http::HeaderMap::new();
    /// headers.insert("origin", "https://app.example.com".parse().unwrap());
    /// headers.insert("access-control-request-method", "POST".parse().unwrap());
    /// headers.insert("access-control-request-headers", "content-type".parse().unwrap());
    /// let response = handler::CORS.preflight(&headers).into_response::<String>();
    /// assert_eq!(response.status(), 204);
    /// assert_eq!(response.headers()["access-control-allow-headers"], "content-type");
    /// ```
    pub fn preflight(&self, request_headers: &HeaderMap) -> PreflightOutcome<'_> {
        preflight::evaluate(self, request_headers)
    }

    /// Whether the `Access-Control-Allow-Origin` this policy sends depends on the request's
    /// `Origin`, which is when every response needs `Vary: Origin`. False only for `["*"]`.
    #[must_use]
    pub fn depends_on_origin(&self) -> bool {
        self.parts().origins.depends_on_origin()
    }

    /// Whether a preflight may ask for this method. Methods match case-sensitively, as in the
    /// Fetch Standard: `patch` is not `PATCH`. `HEAD` is allowed wherever `GET` is, since axum
    /// routes `HEAD` to `GET` handlers.
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [GET, PATCH])]
    /// async fn handler() {}
    ///
    /// assert!(handler::CORS.allows_method(b"PATCH"));
    /// assert!(handler::CORS.allows_method(b"HEAD"));
    /// assert!(!handler::CORS.allows_method(b"patch"));
    /// ```
    #[must_use]
    pub fn allows_method(&self, method: &[u8]) -> bool {
        self.parts().methods.allows(method)
    }

    /// The allowed origins as written in the attribute (`["*"]` for any origin).
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [GET], headers = ["X-Api-Key"])]
    /// async fn handler() {}
    ///
    /// assert_eq!(handler::CORS.origins(), ["https://app.example.com"]);
    /// assert_eq!(handler::CORS.methods(), ["GET"]);
    /// assert_eq!(handler::CORS.request_headers(), ["x-api-key"]);
    /// ```
    #[must_use]
    pub fn origins(&self) -> &[&'static str] {
        self.parts().origins.list()
    }

    /// The allowed methods as written in the attribute (`["*"]` for any method).
    #[must_use]
    pub fn methods(&self) -> &[&'static str] {
        self.parts().methods.list()
    }

    /// The allowed request header names, lower case (`["*"]` for any, empty for none beyond
    /// the CORS-safelisted ones).
    #[must_use]
    pub fn request_headers(&self) -> &[&'static str] {
        self.parts().headers.list()
    }

    /// The environment variable the policy reads origins from, with its origins.
    pub(crate) fn env_origins(&self) -> Option<&'static crate::env::EnvOrigins> {
        self.parts().origins.env()
    }

    /// The name of the handler the policy belongs to, for logs and messages.
    ///
    /// ```
    /// # use cors_runtime::cors;
    /// #[cors(origins = ["https://app.example.com"], methods = [GET])]
    /// async fn list_users() {}
    ///
    /// assert_eq!(list_users::CORS.name(), "list_users");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        self.parts().name
    }

    /// [`allowed_origin`](Self::allowed_origin) for a request the handler answers: with the
    /// `tracing` feature, a refused origin is explained in a `debug` event.
    pub(crate) fn actual_origin(&self, request_headers: &HeaderMap) -> Option<HeaderValue> {
        let allowed = self.allowed_origin(request_headers);
        if allowed.is_none() {
            explain::refused_origin(self, request_headers);
        }
        allowed
    }

    /// [`actual_origin`](Self::actual_origin) from the value of the request's single `Origin`
    /// header (`None` when it has none, or several), for handlers whose extractors captured it.
    #[cfg(feature = "axum")]
    pub(crate) fn actual_origin_single(&self, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
        let allowed = self.parts().origins.allowed_single(origin);
        if allowed.is_none() {
            explain::refused_origin_value(self, origin.map(HeaderValue::as_bytes));
        }
        allowed
    }

    /// Which value answers the request's single `Origin` (`None` when it has none, or several),
    /// given as bytes, for a server whose header values are not `http` 1's; `None` when the
    /// policy does not allow it. The caller explains a refusal.
    #[cfg(feature = "actix")]
    pub(crate) fn allowed_origin_bytes(&self, origin: Option<&[u8]>) -> Option<Allowed<'_>> {
        self.parts().origins.allowed_bytes(origin)
    }

    /// Whether the policy sends `Access-Control-Allow-Credentials: true`.
    #[must_use]
    pub fn credentials(&self) -> bool {
        self.parts().credentials
    }

    /// The `Allow` value for a `405 Method Not Allowed` on this policy's path: its methods,
    /// `HEAD` when `GET` is there, and `OPTIONS`.
    #[cfg(any(feature = "axum", feature = "actix"))]
    pub(crate) fn allow(&self) -> &HeaderValue {
        &self.parts().allow
    }
}
