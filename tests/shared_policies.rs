//! `cors_policy!` defines a policy once; `#[cors(policy = NAME, ...)]` reuses it with
//! per-handler additions.

use axum::Router;
use cors_runtime::{cors, cors_policy, cors_route};
use cors_tests::{request, send, value};
use http::StatusCode;

cors_policy!(API:
    origins = ["https://app.example.com", "https://*.preview.example.com"],
    headers = ["content-type"],
    expose_headers = ["x-request-id"],
    credentials = true,
    max_age = 600,
);

mod admin {
    use cors_runtime::cors_policy;

    cors_policy!(ADMIN: origins = ["https://admin.example.com"], methods = [GET]);
}

#[cors(policy = API, methods = [GET], expose_headers = ["x-total-count"])]
async fn list_orders() -> &'static str {
    "orders"
}

#[cors(policy = API, methods = [POST], headers = ["x-idempotency-key"])]
async fn create_order() -> &'static str {
    "created"
}

#[cors(policy = admin::ADMIN, module = admin_report_cors)]
async fn admin_report() -> &'static str {
    "report"
}

fn app() -> Router {
    Router::new()
        .route("/orders", cors_route!(get(list_orders), post(create_order)))
        .route(
            "/admin",
            cors_route!(get(admin_report, module = admin_report_cors)),
        )
}

#[tokio::test]
async fn handlers_inherit_the_shared_policy_and_add_to_it() {
    assert_eq!(
        list_orders::CORS.origins(),
        ["https://app.example.com", "https://*.preview.example.com"]
    );
    assert_eq!(list_orders::CORS.methods(), ["GET"]);
    assert_eq!(
        create_order::CORS.request_headers(),
        ["content-type", "x-idempotency-key"]
    );
    assert!(create_order::CORS.credentials());

    let response = send(
        &app(),
        request(
            "GET",
            "/orders",
            &[("origin", "https://pr-7.preview.example.com")],
        ),
    )
    .await;
    assert_eq!(
        value(&response, "access-control-allow-origin").as_deref(),
        Some("https://pr-7.preview.example.com")
    );
    assert_eq!(
        value(&response, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        value(&response, "access-control-expose-headers").as_deref(),
        Some("x-request-id, x-total-count")
    );

    let preflight = send(
        &app(),
        request(
            "OPTIONS",
            "/orders",
            &[
                ("origin", "https://app.example.com"),
                ("access-control-request-method", "POST"),
                (
                    "access-control-request-headers",
                    "content-type,x-idempotency-key",
                ),
            ],
        ),
    )
    .await;
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        value(&preflight, "access-control-allow-methods").as_deref(),
        Some("POST")
    );
    assert_eq!(
        value(&preflight, "access-control-max-age").as_deref(),
        Some("600")
    );
}

#[tokio::test]
async fn a_policy_from_another_module_with_its_own_methods() {
    let response = send(
        &app(),
        request(
            "OPTIONS",
            "/admin",
            &[
                ("origin", "https://admin.example.com"),
                ("access-control-request-method", "GET"),
            ],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let refused = send(
        &app(),
        request("GET", "/admin", &[("origin", "https://app.example.com")]),
    )
    .await;
    assert_eq!(value(&refused, "access-control-allow-origin"), None);
}
