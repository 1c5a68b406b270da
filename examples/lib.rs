//! Runnable programs that use `#[cors]`; see the `[[example]]` targets.
