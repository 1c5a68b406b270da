//! The policy value that `#[cors]` builds at compile time, and what it does with a request.

use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
};
use http::{HeaderMap, HeaderValue};

use crate::explain;
use crate::origin::AllowedOrigins;
use crate::preflight::{self, PreflightOutcome};
use crate::request_headers::AllowedHeaders;
use crate::request_method::AllowedMethods;
use crate::vary;

/// The value of `Access-Control-Allow-Credentials`: the Fetch Standard accepts only `true`.
pub(crate) const TRUE: HeaderValue = HeaderValue::from_static("true");

/// One handler's CORS policy, built by `#[cors(...)]` as a `static` with every header value
/// computed at compile time.
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
#[derive(Debug)]
pub struct Policy {
    pub(crate) parts: PolicyParts,
}

/// Everything a [`Policy`] is made of, as the macro writes it. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct PolicyParts {
    pub name: &'static str,
    pub origins: AllowedOrigins,
    pub methods: AllowedMethods,
    pub headers: AllowedHeaders,
    pub credentials: bool,
    pub allow_methods: HeaderValue,
    pub allow_headers: Option<HeaderValue>,
    pub expose_headers: Option<HeaderValue>,
    pub max_age: Option<HeaderValue>,
    pub allow: HeaderValue,
    /// `204 No Content` unless `preflight_status = 200`.
    pub preflight_status: http::StatusCode,
    /// Answer `Access-Control-Request-Private-Network: true` with
    /// `Access-Control-Allow-Private-Network: true`.
    pub private_network: bool,
}

impl Policy {
    /// Builds a policy from parts the macro validated. Not a public API.
    #[doc(hidden)]
    pub const fn __from_parts(parts: PolicyParts) -> Policy {
        Policy { parts }
    }

    /// The `Access-Control-Allow-Origin` value this policy sends for a request with these
    /// headers, or `None` when the request's origin is absent, repeated or not allowed.
    ///
    /// Exact origins match byte for byte against the single `Origin` header; the returned value
    /// is a compile-time constant, so nothing is allocated. A `["*"]` policy returns `*` for
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
        self.parts.origins.allowed(request_headers)
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
        if self.parts.origins.depends_on_origin() {
            vary::append_origin(response_headers);
        }
        if let Some(origin) = allowed_origin {
            response_headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            if self.parts.credentials {
                response_headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
            if let Some(expose) = &self.parts.expose_headers {
                response_headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
            }
        }
    }

    /// Evaluates a preflight request (see [`is_preflight`](crate::is_preflight)) against this
    /// policy: the origin, the requested method and every requested header must be allowed.
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
        self.parts.origins.depends_on_origin()
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
        self.parts.methods.allows(method)
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
    pub fn origins(&self) -> &'static [&'static str] {
        self.parts.origins.list()
    }

    /// The allowed methods as written in the attribute (`["*"]` for any method).
    #[must_use]
    pub fn methods(&self) -> &'static [&'static str] {
        self.parts.methods.list()
    }

    /// The allowed request header names, lower case (`["*"]` for any, empty for none beyond
    /// the CORS-safelisted ones).
    #[must_use]
    pub fn request_headers(&self) -> &'static [&'static str] {
        self.parts.headers.list()
    }

    /// The environment variable the policy reads origins from, with its origins.
    pub(crate) fn env_origins(&self) -> Option<&'static crate::env::EnvOrigins> {
        self.parts.origins.env()
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
        self.parts.name
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
    pub(crate) fn actual_origin_single(&self, origin: Option<&HeaderValue>) -> Option<HeaderValue> {
        let allowed = self.parts.origins.allowed_single(origin);
        if allowed.is_none() {
            explain::refused_origin_value(self, origin);
        }
        allowed
    }

    /// Whether the policy sends `Access-Control-Allow-Credentials: true`.
    #[must_use]
    pub fn credentials(&self) -> bool {
        self.parts.credentials
    }

    /// The `Allow` value for a `405 Method Not Allowed` on this policy's path: its methods,
    /// `HEAD` when `GET` is there, and `OPTIONS`.
    pub(crate) fn allow(&self) -> &HeaderValue {
        &self.parts.allow
    }
}
