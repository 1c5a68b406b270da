//! The actual-request path on arbitrary header bytes: `Policy::allowed_origin` and
//! `Policy::apply` onto a response whose handler already set `Vary`, checked against the oracle
//! in `src/lib.rs`.

#![no_main]

use cors_fuzz::{check_allow_origin, expected_allow_origin, varies_on_origin, Case};
use http::header::VARY;
use http::HeaderMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(case) = Case::decode(data) else {
        return;
    };
    let spec = case.spec;
    let request = &case.request;

    let allowed = spec.policy.allowed_origin(request);
    assert_eq!(
        allowed.as_ref().map(|value| value.as_bytes().to_vec()),
        expected_allow_origin(spec, request)
    );
    assert_eq!(spec.policy.depends_on_origin(), spec.depends_on_origin());

    let mut response = HeaderMap::new();
    for vary in &case.handler_vary {
        response.append(VARY, vary.clone());
    }
    spec.policy.apply(allowed, &mut response);

    check_allow_origin(spec, request, &response);
    // `Vary` is appended: the handler's values stay first and in order, at most one is added.
    let after: Vec<_> = response.get_all(VARY).iter().collect();
    assert!(after.len() <= case.handler_vary.len() + 1);
    assert!(after.iter().zip(&case.handler_vary).all(|(a, b)| *a == b));
    if spec.depends_on_origin() {
        assert!(varies_on_origin(&response), "no Vary: Origin");
    } else {
        assert_eq!(
            after.len(),
            case.handler_vary.len(),
            "a `*` policy added Vary"
        );
    }
    assert!(!response.contains_key("access-control-allow-methods"));
    assert!(!response.contains_key("access-control-allow-private-network"));
});
