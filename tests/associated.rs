//! Handlers written as associated functions: `#[cors]` on the impl block, `#[cors(...)]` on each
//! handler. The handlers keep `Self`, the impl's generics and their sibling functions; each gets
//! its companion module after the impl, and shared policies work as on free functions.

use std::marker::PhantomData;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use cors_runtime::{cors, cors_policy, cors_route};
use cors_tests::{body_text, cors_header_names, request, send, value};
use http::{Request, Response};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example.com";

cors_policy!(API:
    origins = ["https://app.example.com"],
    headers = ["content-type"],
    credentials = true,
);

#[derive(Clone)]
struct Users {
    prefix: &'static str,
}

#[cors]
impl Users {
    /// Not a handler: stays as written.
    fn label(&self, id: u32) -> String {
        format!("{}-{id}", self.prefix)
    }

    #[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x-request-id"])]
    async fn show(
        State(users): State<Self>,
        Path(id): Path<u32>,
    ) -> ([(&'static str, String); 1], String) {
        let label = users.label(id);
        ([("x-request-id", label.clone())], label)
    }

    #[cors(policy = API, methods = [POST])]
    async fn create(State(users): State<Self>, body: String) -> Result<String, StatusCode> {
        if body.is_empty() {
            return Err(StatusCode::UNPROCESSABLE_ENTITY);
        }
        Ok(Self::created(users.prefix, &body))
    }

    fn created(prefix: &str, body: &str) -> String {
        format!("{prefix} created {body}")
    }

    #[cors(origins = ["*"], methods = [GET], module = users_health)]
    pub async fn health() -> &'static str {
        "ok"
    }
}

fn app() -> Router {
    Router::new()
        .route("/users/{id}", cors_route!(get(Users::show, module = show)))
        .route("/users", cors_route!(post(Users::create, module = create)))
        .route(
            "/health",
            cors_route!(get(Users::health, module = users_health)),
        )
        .with_state(Users { prefix: "user" })
}

#[tokio::test]
async fn an_associated_handler_answers_with_its_policy_and_keeps_self() {
    let response = send(&app(), request("GET", "/users/7", &[("origin", APP)])).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-expose-headers").as_deref(),
        Some("x-request-id")
    );
    assert_eq!(value(&response, "x-request-id").as_deref(), Some("user-7"));
    assert_eq!(body_text(response).await, "user-7");

    let refused = send(&app(), request("GET", "/users/7", &[("origin", EVIL)])).await;
    assert_eq!(
        refused.status(),
        200,
        "the handler still runs for a refused origin"
    );
    assert!(cors_header_names(&refused).is_empty());
}

#[tokio::test]
async fn the_companion_module_follows_the_impl() {
    assert_eq!(show::CORS.methods(), ["GET"]);
    assert_eq!(users_health::CORS.origins(), ["*"]);

    let preflight = send(
        &app(),
        request(
            "OPTIONS",
            "/users/7",
            &[("origin", APP), ("access-control-request-method", "GET")],
        ),
    )
    .await;
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        value(&preflight, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&preflight, "access-control-allow-methods").as_deref(),
        Some("GET")
    );

    let health = send(&app(), request("GET", "/health", &[("origin", EVIL)])).await;
    assert_eq!(
        value(&health, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[tokio::test]
async fn a_shared_policy_applies_to_an_associated_handler() {
    assert!(create::CORS.credentials());
    assert_eq!(create::CORS.methods(), ["POST"]);
    assert_eq!(create::CORS.request_headers(), ["content-type"]);

    let created = send(
        &app(),
        cors_tests::request_with_body("POST", "/users", &[("origin", APP)], Body::from("ann")),
    )
    .await;
    assert_eq!(created.status(), 200);
    assert_eq!(
        value(&created, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(body_text(created).await, "user created ann");

    // An `Err` keeps the CORS headers, so the page can read the status.
    let rejected = send(&app(), request("POST", "/users", &[("origin", APP)])).await;
    assert_eq!(rejected.status(), 422);
    assert_eq!(
        value(&rejected, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

/// A generic impl, and the plain `http` form: the handler uses the impl's type parameter.
struct Echo<T>(PhantomData<T>);

#[cors]
impl<T: Default + std::fmt::Debug> Echo<T> {
    #[cors(origins = ["https://app.example.com"], methods = [GET])]
    fn answer(request: Request<String>) -> Response<String> {
        Response::new(format!("{} {:?}", request.body(), T::default()))
    }
}

#[test]
fn a_generic_impl_keeps_its_parameters_in_the_http_form() {
    let actual = Echo::<u8>::answer(
        Request::builder()
            .header("origin", APP)
            .body("hello".to_string())
            .expect("a request"),
    );
    assert_eq!(actual.body(), "hello 0");
    assert_eq!(
        actual
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(APP.as_bytes())
    );

    let preflight = Echo::<u8>::answer(
        Request::builder()
            .method("OPTIONS")
            .header("origin", APP)
            .header("access-control-request-method", "GET")
            .body(String::new())
            .expect("a request"),
    );
    assert_eq!(preflight.status(), 204);
    assert!(
        preflight.body().is_empty(),
        "the handler does not run for a preflight"
    );
}

/// An impl block without `#[cors]`: the handler's attribute writes everything as associated
/// items, `Self::NAME_cors` and `Self::NAME_preflight`.
#[derive(Clone)]
struct Orders {
    prefix: &'static str,
}

fn is_partner(origin: &str) -> bool {
    origin.ends_with(".partner.example")
}

impl Orders {
    #[cors(origins = ["https://app.example.com"], methods = [GET], expose_headers = ["x-order"])]
    async fn list(State(orders): State<Self>) -> ([(&'static str, &'static str); 1], String) {
        ([("x-order", "1")], Self::describe(orders.prefix))
    }

    fn describe(prefix: &str) -> String {
        format!("{prefix} orders")
    }

    #[cors(origins = ["https://app.example.com"], origin_fn = is_partner, methods = [POST], headers = ["content-type"], credentials = true)]
    async fn create(body: String) -> Result<String, StatusCode> {
        if body.is_empty() {
            Err(StatusCode::UNPROCESSABLE_ENTITY)
        } else {
            Ok(body)
        }
    }

    #[cors(origins = ["*"], methods = [GET])]
    fn ping(_request: Request<String>) -> Response<String> {
        Response::new("pong".to_string())
    }
}

fn orders_app() -> Router {
    Router::new()
        .route("/orders", get(Orders::list).options(Orders::list_preflight))
        .route(
            "/orders/new",
            axum::routing::post(Orders::create).options(Orders::create_preflight),
        )
        .with_state(Orders { prefix: "all" })
}

#[tokio::test]
async fn a_handler_in_an_impl_without_the_attribute_answers_with_its_policy() {
    assert_eq!(Orders::list_cors.methods(), ["GET"]);
    assert_eq!(Orders::list_cors.name(), "list");
    let response = send(&orders_app(), request("GET", "/orders", &[("origin", APP)])).await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        value(&response, "access-control-expose-headers").as_deref(),
        Some("x-order")
    );
    assert_eq!(body_text(response).await, "all orders");

    let refused = send(
        &orders_app(),
        request("GET", "/orders", &[("origin", EVIL)]),
    )
    .await;
    assert!(cors_header_names(&refused).is_empty());

    let preflight = send(
        &orders_app(),
        request(
            "OPTIONS",
            "/orders",
            &[("origin", APP), ("access-control-request-method", "GET")],
        ),
    )
    .await;
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        value(&preflight, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[tokio::test]
async fn its_predicate_and_rejections_work_as_on_free_functions() {
    let partner = "https://shop.partner.example";
    let created = send(
        &orders_app(),
        cors_tests::request_with_body(
            "POST",
            "/orders/new",
            &[("origin", partner)],
            Body::from("x"),
        ),
    )
    .await;
    assert_eq!(created.status(), 200);
    assert_eq!(
        value(&created, "access-control-allow-origin").as_deref(),
        Some(partner)
    );
    assert_eq!(
        value(&created, "access-control-allow-credentials").as_deref(),
        Some("true")
    );

    let empty = send(
        &orders_app(),
        request("POST", "/orders/new", &[("origin", APP)]),
    )
    .await;
    assert_eq!(empty.status(), 422);
    assert_eq!(
        value(&empty, "access-control-allow-origin").as_deref(),
        Some(APP)
    );

    // A repeated `Origin` is refused, as in every other form.
    let repeated = send(
        &orders_app(),
        request("POST", "/orders/new", &[("origin", APP), ("origin", APP)]),
    )
    .await;
    assert!(cors_header_names(&repeated).is_empty());

    let preflight = send(
        &orders_app(),
        request(
            "OPTIONS",
            "/orders/new",
            &[
                ("origin", APP),
                ("access-control-request-method", "POST"),
                ("access-control-request-headers", "content-type"),
            ],
        ),
    )
    .await;
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        value(&preflight, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );
}

#[test]
fn the_http_form_works_in_an_impl_without_the_attribute() {
    let answer = Orders::ping(
        Request::builder()
            .header("origin", EVIL)
            .body(String::new())
            .expect("a request"),
    );
    assert_eq!(answer.body(), "pong");
    assert_eq!(
        answer
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.as_bytes()),
        Some(&b"*"[..])
    );
    assert_eq!(Orders::ping_cors.origins(), ["*"]);
}

/// A shared policy and origins from the environment, in an impl without `#[cors]`.
struct Tenants;

impl Tenants {
    #[cors(policy = API, methods = [GET])]
    async fn list() -> &'static str {
        "tenants"
    }

    #[cors(origins_env = "ASSOCIATED_TEST_TENANT_ORIGINS", methods = [GET])]
    async fn mine() -> &'static str {
        "mine"
    }
}

#[tokio::test]
async fn shared_policies_and_environment_origins_work_in_an_impl_without_the_attribute() {
    assert!(Tenants::list_cors.credentials());
    assert_eq!(Tenants::list_cors.request_headers(), ["content-type"]);

    // The one process-wide check sees the associated constant's policy: it is registered like
    // any other, and its variable is read once.
    std::env::set_var(
        "ASSOCIATED_TEST_TENANT_ORIGINS",
        "https://tenant.example.org",
    );
    assert!(cors_runtime::check_origins_from_env().is_ok());
    let app: Router = Router::new().route("/mine", get(Tenants::mine));
    let response = send(
        &app,
        request("GET", "/mine", &[("origin", "https://tenant.example.org")]),
    )
    .await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("https://tenant.example.org")
    );
}
