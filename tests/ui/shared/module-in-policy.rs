// `module` names one handler's companion module; a shared policy has none.
use cors_runtime::cors_policy;

cors_policy!(API: origins = ["https://app.example.com"], module = api_cors);

fn main() {}
