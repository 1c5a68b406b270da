// A policy's own mistakes are reported where the policy is written.
use cors_runtime::cors_policy;

cors_policy!(API: origins = ["https://app.example.com/"], credentials = true);

fn main() {}
