//! The preflight path on arbitrary header bytes: `is_preflight`, `Policy::preflight` and the
//! answer it writes, checked against the oracle in `src/lib.rs`.

#![no_main]

use cors_fuzz::{
    asks_private_network, check_allow_origin, expected_allow_origin, expected_preflight_accepted,
    varies_on_origin, Case,
};
use cors_runtime::{is_preflight, PreflightOutcome};
use http::{HeaderMap, Method};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(case) = Case::decode(data) else {
        return;
    };
    let spec = case.spec;
    let request = &case.request;

    assert_eq!(
        is_preflight(&case.method, request),
        case.method == Method::OPTIONS
            && request.contains_key("origin")
            && request.contains_key("access-control-request-method"),
    );

    let outcome = spec.policy.preflight(request);
    let accepted = matches!(outcome, PreflightOutcome::Accepted { .. });
    assert_eq!(accepted, expected_preflight_accepted(spec, request));
    let status = outcome.status();
    let mut response = HeaderMap::new();
    outcome.write_headers(&mut response);

    check_allow_origin(spec, request, &response);
    // A preflight's answer depends on the origin whatever the policy.
    assert!(
        varies_on_origin(&response),
        "a preflight without Vary: Origin"
    );
    if accepted {
        assert!(status.is_success());
        assert_eq!(
            response
                .get("access-control-allow-origin")
                .map(|value| value.as_bytes().to_vec()),
            expected_allow_origin(spec, request)
        );
        assert!(response.contains_key("access-control-allow-methods"));
        assert_eq!(
            response.contains_key("access-control-allow-private-network"),
            spec.private_network() && asks_private_network(request)
        );
    } else {
        assert_eq!(status, 403);
        assert!(
            response
                .keys()
                .all(|name| !name.as_str().starts_with("access-control-")),
            "a refused preflight carries {response:?}"
        );
    }
});
