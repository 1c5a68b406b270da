// Drives headless Chromium against the test server (src/lib.rs) and checks, case by case, what a
// page can and cannot read from the API: allowed or blocked, the status and headers the page
// sees, and how many preflights and actual requests reached the server.
//
//   node browser/run.mjs          (the server must already be listening; tests/chromium.rs
//                                  starts it and runs this file)
//
// Output: one `ok - name` / `not ok - name: why` line per case, then `N passed, M failed`.
// Exit code 1 when a case failed, 2 when the suite could not run.
//
// Environment: CHROMIUM overrides the browser path (default /usr/bin/chromium); CASES, a
// substring, runs only the cases whose name contains it.

import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium } from 'playwright-core';

// The ports are compile-time literals in the `#[cors]` origins of src/lib.rs; keep them in step.
const PAGE_PORT = 27301;
const OTHER_PAGE_PORT = 27303;
const API_PORT = 27302;
const API = `http://api.test:${API_PORT}`;

// Every `*.test` host resolves to 127.0.0.1 (see `--host-resolver-rules` below), so each of
// these is a distinct origin served by the same page listener.
const ORIGINS = {
  app: `http://app.test:${PAGE_PORT}`,
  sub: `http://sub.app.test:${PAGE_PORT}`,
  evil: `http://evil.test:${PAGE_PORT}`,
  // Would pass a prefix match on `http://app.test`.
  prefix: `http://app.test.evil.test:${PAGE_PORT}`,
  // Would pass a suffix match on `app.test:27301`.
  suffix: `http://evilapp.test:${PAGE_PORT}`,
  otherPort: `http://app.test:${OTHER_PAGE_PORT}`,
  loopback: `http://127.0.0.1:${PAGE_PORT}`,
  // For /multi, whose list is app.test:27301, adm.test:27301 and app.test:27303: one more
  // listed origin, and same-length mixtures of listed ones.
  adm: `http://adm.test:${PAGE_PORT}`,
  apm: `http://apm.test:${PAGE_PORT}`,
  admOtherPort: `http://adm.test:${OTHER_PAGE_PORT}`,
  // For /subdomains (`http://*.app.test:27301`): two labels deep, the pattern's base as the
  // prefix of another host, and a matching host on another port.
  deepSub: `http://a.b.app.test:${PAGE_PORT}`,
  subPrefix: `http://sub.app.test.evil.test:${PAGE_PORT}`,
  subOtherPort: `http://sub.app.test:${OTHER_PAGE_PORT}`,
  // For /from-env, whose variable (ENV_ORIGINS in src/lib.rs) holds `http://app.test:27303`
  // and `http://*.adm.test:27301`.
  admSub: `http://sub.adm.test:${PAGE_PORT}`,
  admSubOtherPort: `http://sub.adm.test:${OTHER_PAGE_PORT}`,
  // For /tenant, whose predicate admits `acme` and `globex` under `.tenants.test:27301`.
  acme: `http://acme.tenants.test:${PAGE_PORT}`,
  initech: `http://initech.tenants.test:${PAGE_PORT}`,
};

const SUITE_TIMEOUT_MS = 100_000;
const FETCH_TIMEOUT_MS = 8_000;

const json = (value) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

// A case: `from` is a key of ORIGINS or 'sandboxed' (an iframe with an opaque origin, which
// sends `Origin: null`); `init` is fetch's; the fetch is made `times` times in a row and every
// attempt must meet `expect`. In `expect`: `allowed` (the page can read the response, or fetch
// rejects with a TypeError), `status`, `body`, `bodyIncludes`, `headers` (name -> the value
// `response.headers.get` must return, `null` for unreadable), `preflights` and `requests` (what
// reached the server, counted over all attempts), `preflightStatuses` (the status the server
// answered each preflight with, in order: the page cannot see it). `bug`: the case fails
// because of a known library bug; it still runs and still fails, and its line says so.
//
// Every case also checks that something reached the server and that every request carried the
// Origin the case is about: a fetch that never left the browser (a host that did not resolve, a
// server that was down) rejects with the same TypeError as a CORS failure.
const CASES = [
  // Simple requests to a policy of exact origins: no preflight, the browser checks the answer.
  {
    name: 'simple GET from the listed origin is readable',
    from: 'app', path: '/data',
    expect: { allowed: true, status: 200, body: 'data', preflights: 0, requests: 1 },
  },
  {
    name: 'simple GET from an unlisted origin is blocked',
    from: 'evil', path: '/data',
    expect: { allowed: false, preflights: 0 },
  },
  {
    name: 'a blocked simple GET still reaches the handler (CORS protects reading, not writing)',
    from: 'evil', path: '/data',
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'a subdomain of the listed host is blocked',
    from: 'sub', path: '/data',
    expect: { allowed: false },
  },
  {
    name: 'look-alike origin with the listed host as prefix (app.test.evil.test) is blocked',
    from: 'prefix', path: '/data',
    expect: { allowed: false },
  },
  {
    name: 'look-alike origin with the listed host as suffix (evilapp.test) is blocked',
    from: 'suffix', path: '/data',
    expect: { allowed: false },
  },
  {
    name: 'the listed host on another port is blocked',
    from: 'otherPort', path: '/data',
    expect: { allowed: false },
  },
  {
    name: 'a loopback IP origin that is not listed is blocked',
    from: 'loopback', path: '/data',
    expect: { allowed: false },
  },
  {
    name: 'Origin: null from a sandboxed iframe is blocked by a policy of exact origins',
    from: 'sandboxed', path: '/data',
    expect: { allowed: false },
  },

  // Several origins of one length.
  {
    name: 'several listed origins: the first is readable',
    from: 'app', path: '/multi',
    expect: { allowed: true, status: 200, body: 'multi' },
  },
  {
    name: 'several listed origins: another host of the same length is readable',
    from: 'adm', path: '/multi',
    expect: { allowed: true, status: 200, body: 'multi' },
  },
  {
    name: 'several listed origins: the listed host on its listed other port is readable',
    from: 'otherPort', path: '/multi',
    expect: { allowed: true, status: 200, body: 'multi' },
  },
  {
    name: 'several listed origins: a same-length mixture of two hosts (apm.test) is blocked',
    from: 'apm', path: '/multi',
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'several listed origins: a listed host on another listed host\'s port (adm.test:27303) is blocked',
    from: 'admOtherPort', path: '/multi',
    expect: { allowed: false, requests: 1 },
  },

  // Which response headers the page can read.
  {
    name: 'an exposed header is readable',
    from: 'app', path: '/data',
    expect: { allowed: true, headers: { 'x-exposed': 'visible' } },
  },
  {
    name: 'an unexposed header is not readable',
    from: 'app', path: '/data',
    expect: { allowed: true, headers: { 'x-hidden': null } },
  },
  {
    name: 'a safelisted response header (content-type) is readable without exposing it',
    from: 'app', path: '/data',
    expect: { allowed: true, headers: { 'content-type': 'text/plain; charset=utf-8' } },
  },
  {
    name: 'the CORS and Vary headers themselves are not readable',
    from: 'app', path: '/data',
    expect: {
      allowed: true,
      headers: { 'access-control-allow-origin': null, 'access-control-expose-headers': null, vary: null },
    },
  },

  // origins = ["*"].
  {
    name: '`*` policy: readable from the app without credentials, exposed header readable',
    from: 'app', path: '/public',
    expect: { allowed: true, status: 200, body: 'public', headers: { 'x-public-id': 'public-1', 'x-secret': null } },
  },
  {
    name: '`*` policy: readable from any origin',
    from: 'evil', path: '/public',
    expect: { allowed: true, status: 200, body: 'public' },
  },
  {
    name: '`*` policy: readable from Origin: null',
    from: 'sandboxed', path: '/public',
    expect: { allowed: true, status: 200, body: 'public' },
  },
  {
    name: '`*` policy: blocked with credentials: include',
    from: 'app', path: '/public', init: { credentials: 'include' },
    expect: { allowed: false },
  },

  // Credentials.
  {
    name: 'credentials = true: credentialed GET from the listed origin is readable',
    from: 'app', path: '/account', init: { credentials: 'include' },
    expect: { allowed: true, status: 200, body: 'GET account' },
  },
  {
    name: 'credentials = true: uncredentialed GET from the listed origin is readable',
    from: 'app', path: '/account', init: { credentials: 'omit' },
    expect: { allowed: true, status: 200, body: 'GET account' },
  },
  {
    name: 'credentials = true: credentialed GET from an unlisted origin is blocked',
    from: 'evil', path: '/account', init: { credentials: 'include' },
    expect: { allowed: false },
  },
  {
    name: 'credentials = true: credentialed GET from Origin: null is blocked',
    from: 'sandboxed', path: '/account', init: { credentials: 'include' },
    expect: { allowed: false },
  },
  {
    name: 'credentials = true: credentialed JSON PUT passes its preflight',
    from: 'app', path: '/account', init: { method: 'PUT', credentials: 'include', ...json({}) },
    expect: { allowed: true, status: 200, body: 'PUT account', preflights: 1, requests: 1 },
  },
  {
    name: 'credentials = true: a credentialed JSON PUT\'s Json rejection is a readable 400',
    from: 'app', path: '/profile', init: { method: 'PUT', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{"name":' },
    expect: { allowed: true, status: 400, preflights: 1, requests: 1 },
  },
  {
    name: 'credentials = true: a credentialed JSON PUT is readable',
    from: 'app', path: '/profile', init: { method: 'PUT', credentials: 'include', ...json({ name: 'ada' }) },
    expect: { allowed: true, status: 200, body: 'profile ada', preflights: 1, requests: 1 },
  },
  {
    name: 'without credentials = true: credentialed GET from the listed origin is blocked',
    from: 'app', path: '/data', init: { credentials: 'include' },
    expect: { allowed: false },
  },

  // Preflighted requests: JSON bodies and custom headers.
  {
    name: 'JSON POST is preflighted and readable',
    from: 'app', path: '/items', init: { method: 'POST', ...json({ name: 'widget' }) },
    expect: { allowed: true, status: 201, body: 'widget', preflights: 1, requests: 1 },
  },
  {
    name: 'JSON POST with an allowed custom header is readable',
    from: 'app', path: '/items',
    init: { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'k' }, body: '{"name":"keyed"}' },
    expect: { allowed: true, status: 201, body: 'keyed', preflights: 1, requests: 1 },
  },
  {
    name: 'an allowed custom header written in mixed case is readable',
    from: 'app', path: '/items',
    init: { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Api-Key': 'k' }, body: '{"name":"cased"}' },
    expect: { allowed: true, status: 201, body: 'cased', preflights: 1 },
  },
  {
    name: 'a custom header the policy does not list is blocked at the preflight',
    from: 'app', path: '/items',
    init: { method: 'POST', headers: { 'content-type': 'application/json', 'x-unlisted': '1' }, body: '{"name":"x"}' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'a custom header on a policy without `headers` is blocked at the preflight',
    from: 'app', path: '/data', init: { headers: { 'x-api-key': 'k' } },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'JSON POST from an unlisted origin is blocked at the preflight',
    from: 'evil', path: '/items', init: { method: 'POST', ...json({ name: 'x' }) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'cors_route!: the GET handler on the same path is readable',
    from: 'app', path: '/items',
    expect: { allowed: true, status: 200, body: '["widget"]', preflights: 0 },
  },

  // Extractor rejections keep their CORS headers.
  {
    name: 'Json rejection: malformed JSON is a readable 400',
    from: 'app', path: '/items', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' },
    expect: { allowed: true, status: 400, preflights: 1, requests: 1 },
  },
  {
    name: 'Json rejection: JSON of the wrong shape is a readable 422',
    from: 'app', path: '/items', init: { method: 'POST', ...json({ title: 'no name' }) },
    expect: { allowed: true, status: 422 },
  },
  {
    name: 'Json rejection: a text/plain POST needs no preflight and its 415 is readable',
    from: 'app', path: '/items', init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' },
    expect: { allowed: true, status: 415, preflights: 0, requests: 1 },
  },
  {
    name: 'Query rejection: a missing parameter is a readable 400',
    from: 'app', path: '/search',
    expect: { allowed: true, status: 400, preflights: 0, requests: 1 },
  },
  {
    name: 'the handler\'s own Err is a readable 404',
    from: 'app', path: '/search?q=missing',
    expect: { allowed: true, status: 404, body: 'nothing found' },
  },
  {
    name: 'the handler\'s Ok with a Query extractor is readable',
    from: 'app', path: '/search?q=widget',
    expect: { allowed: true, status: 200, body: 'found widget' },
  },
  {
    name: 'Path<u32> rejection: a non-numeric id is a readable 400',
    from: 'app', path: '/records/abc',
    expect: { allowed: true, status: 400, bodyIncludes: 'abc', preflights: 0 },
  },
  {
    name: 'Path<u32> rejection is still blocked for an unlisted origin',
    from: 'evil', path: '/records/abc',
    expect: { allowed: false, requests: 1 },
  },

  // Methods.
  {
    name: 'GET on a GET/PATCH/DELETE policy is readable',
    from: 'app', path: '/records/7',
    expect: { allowed: true, status: 200, body: 'GET record 7', preflights: 0 },
  },
  {
    name: 'HEAD is a simple request and readable',
    from: 'app', path: '/records/7', init: { method: 'HEAD' },
    expect: { allowed: true, status: 200, body: '', preflights: 0, requests: 1 },
  },
  {
    name: 'preflight!: PATCH is preflighted with the PATCH handler\'s policy and readable',
    from: 'app', path: '/records/7', init: { method: 'PATCH', ...json({ name: 'renamed' }) },
    expect: { allowed: true, status: 200, body: 'PATCH record 7: renamed', preflights: 1, requests: 1 },
  },
  {
    name: 'Path<u32> rejection before a Json extractor is a readable 400',
    from: 'app', path: '/records/abc', init: { method: 'PATCH', ...json({ name: 'x' }) },
    expect: { allowed: true, status: 400, bodyIncludes: 'abc', preflights: 1, requests: 1 },
  },
  {
    name: 'Json rejection after a Path extractor is a readable 400',
    from: 'app', path: '/records/7', init: { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{' },
    expect: { allowed: true, status: 400, preflights: 1, requests: 1 },
  },
  {
    name: 'lower-case `patch` is sent as is and blocked when the policy says PATCH',
    from: 'app', path: '/records/7', init: { method: 'patch', ...json({ name: 'x' }) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'a refused preflight is not cached: `patch` twice preflights twice',
    from: 'app', path: '/records/7', init: { method: 'patch' }, times: 2,
    expect: { allowed: false, preflights: 2, requests: 0 },
  },
  {
    name: 'DELETE is preflighted and readable',
    from: 'app', path: '/records/7', init: { method: 'DELETE' },
    expect: { allowed: true, status: 200, body: 'DELETE record 7', preflights: 1, requests: 1 },
  },
  {
    name: 'lower-case `delete` is upper-cased by the browser and readable',
    from: 'app', path: '/records/7', init: { method: 'delete' },
    expect: { allowed: true, status: 200, body: 'DELETE record 7', preflights: 1, requests: 1 },
  },
  {
    name: 'PUT on a policy without PUT is blocked at the preflight',
    from: 'app', path: '/records/7', init: { method: 'PUT', ...json({}) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },

  // cors_route!: several handlers on one path, and the 405 of an unrouted method.
  {
    name: 'cors_route!: GET on a path that routes only POST and DELETE is a readable 405',
    from: 'app', path: '/things',
    expect: { allowed: true, status: 405, preflights: 0, requests: 1 },
  },
  {
    name: 'cors_route!: the 405 is blocked for an unlisted origin',
    from: 'evil', path: '/things',
    expect: { allowed: false },
  },
  {
    name: 'cors_route!: HEAD on a path that routes no GET is a readable 405',
    from: 'app', path: '/things', init: { method: 'HEAD' },
    expect: { allowed: true, status: 405, preflights: 0, requests: 1 },
  },
  {
    name: 'cors_route!: simple POST to the POST handler is readable',
    from: 'app', path: '/things', init: { method: 'POST', body: 'x' },
    expect: { allowed: true, status: 201, preflights: 0 },
  },
  {
    name: 'cors_route!: DELETE is preflighted with the DELETE handler\'s policy and readable',
    from: 'app', path: '/things', init: { method: 'DELETE' },
    expect: { allowed: true, status: 204, preflights: 1, requests: 1 },
  },
  {
    name: 'cors_route!: PUT, which no handler allows, is blocked at the preflight',
    from: 'app', path: '/things', init: { method: 'PUT' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },

  {
    name: 'cors_route!: a header allowed only for POST is refused for GET on the same path',
    from: 'app', path: '/items', init: { headers: { 'x-api-key': 'k' } },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },

  // Wildcards other than origins = ["*"].
  {
    name: 'methods = ["*"]: a custom method (PURGE) passes its preflight',
    from: 'app', path: '/wildcard', init: { method: 'PURGE' },
    expect: { allowed: true, status: 200, body: 'PURGE wildcard', preflights: 1, requests: 1 },
  },
  {
    name: 'headers = ["*"]: any custom request header passes the preflight',
    from: 'app', path: '/wildcard', init: { headers: { 'x-one': '1', 'x-two': '2' } },
    expect: { allowed: true, status: 200, body: 'GET wildcard', preflights: 1, requests: 1 },
  },
  {
    name: 'expose_headers = ["*"]: every response header is readable',
    from: 'app', path: '/wildcard',
    expect: { allowed: true, status: 200, headers: { 'x-anything': 'readable' } },
  },
  {
    name: 'methods = ["*"] is still blocked for an unlisted origin',
    from: 'evil', path: '/wildcard', init: { method: 'PURGE' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },

  // The preflight cache.
  {
    name: 'max_age = 600: a second identical fetch makes no new preflight',
    from: 'app', path: '/cached', init: { method: 'PUT' }, times: 2,
    expect: { allowed: true, status: 200, body: 'cached', preflights: 1, requests: 2 },
  },
  {
    name: 'max_age = 0: every fetch preflights',
    from: 'app', path: '/uncached', init: { method: 'PUT' }, times: 2,
    expect: { allowed: true, status: 200, body: 'uncached', preflights: 2, requests: 2 },
  },
  {
    name: 'no max_age: the browser\'s 5 s default caches the preflight',
    from: 'app', path: '/default-age', init: { method: 'PUT' }, times: 2,
    expect: { allowed: true, status: 200, body: 'default age', preflights: 1, requests: 2 },
  },
  {
    name: 'max_age = 600: cache: no-store bypasses the preflight cache',
    from: 'app', path: '/cached', init: { method: 'PUT', cache: 'no-store' }, times: 2,
    expect: { allowed: true, status: 200, preflights: 2, requests: 2 },
  },
  {
    name: 'max_age = 600 without credentials = true: a credentialed PUT is blocked',
    from: 'app', path: '/cached', init: { method: 'PUT', credentials: 'include' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'max_age = 600 from an unlisted origin is blocked at the preflight',
    from: 'evil', path: '/cached', init: { method: 'PUT' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },

  // Subdomain patterns: origins = ["http://*.app.test:27301"], with credentials.
  {
    name: 'subdomain pattern: a subdomain is readable with credentials, answered with its own origin',
    from: 'sub', path: '/subdomains', init: { credentials: 'include' },
    expect: {
      allowed: true, status: 200, body: 'GET subdomains', preflights: 0, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.sub, 'x-pattern': 'matched' },
    },
  },
  {
    name: 'subdomain pattern: a subdomain two labels deep (a.b.app.test) is readable',
    from: 'deepSub', path: '/subdomains', init: { credentials: 'include' },
    expect: {
      allowed: true, status: 200, body: 'GET subdomains', preflights: 0, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.deepSub },
    },
  },
  {
    name: 'subdomain pattern: a credentialed JSON PUT from a subdomain passes its preflight',
    from: 'sub', path: '/subdomains', init: { method: 'PUT', credentials: 'include', ...json({}) },
    expect: {
      allowed: true, status: 200, body: 'PUT subdomains', preflights: 1, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.sub },
    },
  },
  {
    name: 'subdomain pattern: the bare base (app.test) is blocked',
    from: 'app', path: '/subdomains', init: { credentials: 'include' },
    expect: { allowed: false, preflights: 0, requests: 1 },
  },
  {
    name: 'subdomain pattern: the bare base is blocked at the preflight',
    from: 'app', path: '/subdomains', init: { method: 'PUT', credentials: 'include', ...json({}) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'subdomain pattern: the base as a suffix without a dot (evilapp.test) is blocked',
    from: 'suffix', path: '/subdomains', init: { credentials: 'include' },
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'subdomain pattern: a matching host as the prefix of another (sub.app.test.evil.test) is blocked',
    from: 'subPrefix', path: '/subdomains', init: { credentials: 'include' },
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'subdomain pattern: a matching host on another page port is blocked',
    from: 'subOtherPort', path: '/subdomains', init: { credentials: 'include' },
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'subdomain pattern: a matching host on another page port is blocked at the preflight',
    from: 'subOtherPort', path: '/subdomains', init: { method: 'PUT', ...json({}) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'subdomain pattern: Origin: null is blocked',
    from: 'sandboxed', path: '/subdomains',
    expect: { allowed: false, requests: 1 },
  },

  // Origins from the environment: BROWSER_SUITE_ORIGINS="http://app.test:27303,
  // http://*.adm.test:27301" (set by tests/chromium.rs), with credentials.
  {
    name: 'origins_env: the variable\'s exact origin is readable with credentials',
    from: 'otherPort', path: '/from-env', init: { credentials: 'include' },
    expect: {
      allowed: true, status: 200, body: 'GET from env', preflights: 0, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.otherPort },
    },
  },
  {
    name: 'origins_env: a subdomain matching the variable\'s pattern is readable',
    from: 'admSub', path: '/from-env', init: { credentials: 'include' },
    expect: {
      allowed: true, status: 200, body: 'GET from env',
      headers: { 'access-control-allow-origin': ORIGINS.admSub },
    },
  },
  {
    name: 'origins_env: a credentialed JSON PUT from the variable\'s origin passes its preflight',
    from: 'otherPort', path: '/from-env', init: { method: 'PUT', credentials: 'include', ...json({}) },
    expect: { allowed: true, status: 200, body: 'PUT from env', preflights: 1, requests: 1 },
  },
  {
    name: 'origins_env: the variable\'s exact host on another port (app.test:27301) is blocked',
    from: 'app', path: '/from-env', init: { credentials: 'include' },
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'origins_env: the bare base of the variable\'s pattern (adm.test) is blocked',
    from: 'adm', path: '/from-env',
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'origins_env: a subdomain matching the pattern on another port is blocked',
    from: 'admSubOtherPort', path: '/from-env',
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'origins_env: an origin not in the variable is blocked at the preflight',
    from: 'evil', path: '/from-env', init: { method: 'PUT', ...json({}) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },

  // Origin predicates: /tenant lists app.test and asks is_tenant (acme, globex) about the
  // rest; /careless asks a predicate that says yes to everything, with credentials.
  {
    name: 'origin_fn: an origin the predicate admits is readable, answered with its own origin',
    from: 'acme', path: '/tenant',
    expect: {
      allowed: true, status: 200, body: 'GET tenant', preflights: 0, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.acme },
    },
  },
  {
    name: 'origin_fn: a PUT from an origin the predicate admits passes its preflight',
    from: 'acme', path: '/tenant', init: { method: 'PUT' },
    expect: {
      allowed: true, status: 200, body: 'PUT tenant', preflights: 1, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.acme },
    },
  },
  {
    name: 'origin_fn: the listed origin beside the predicate is readable',
    from: 'app', path: '/tenant',
    expect: {
      allowed: true, status: 200, body: 'GET tenant',
      headers: { 'access-control-allow-origin': ORIGINS.app },
    },
  },
  {
    name: 'origin_fn: an origin the predicate refuses is blocked',
    from: 'initech', path: '/tenant',
    expect: { allowed: false, preflights: 0, requests: 1 },
  },
  {
    name: 'origin_fn: an origin the predicate refuses is blocked at the preflight',
    from: 'initech', path: '/tenant', init: { method: 'PUT' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'origin_fn: Origin: null is blocked beside a predicate',
    from: 'sandboxed', path: '/tenant',
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'origin_fn saying yes to all: a credentialed GET is answered with the page\'s origin, not `*`',
    from: 'evil', path: '/careless', init: { credentials: 'include' },
    expect: {
      allowed: true, status: 200, body: 'GET careless', preflights: 0, requests: 1,
      headers: { 'access-control-allow-origin': ORIGINS.evil },
    },
  },
  {
    name: 'origin_fn saying yes to all: Origin: null never gets the yes (blocked)',
    from: 'sandboxed', path: '/careless',
    expect: { allowed: false, preflights: 0, requests: 1 },
  },
  {
    name: 'origin_fn saying yes to all: Origin: null with credentials is blocked',
    from: 'sandboxed', path: '/careless', init: { credentials: 'include' },
    expect: { allowed: false, requests: 1 },
  },
  {
    name: 'origin_fn saying yes to all: Origin: null is blocked at the preflight',
    from: 'sandboxed', path: '/careless', init: { method: 'PUT' },
    expect: { allowed: false, preflights: 1, requests: 0, preflightStatuses: [403] },
  },

  // A shared policy: NOTES (app.test and its subdomains, content-type, x-policy exposed,
  // credentials) under GET /notes (adds x-handler exposed) and PUT /notes.
  {
    name: 'shared policy: GET is readable with the policy\'s credentials and both exposed headers',
    from: 'app', path: '/notes', init: { credentials: 'include' },
    expect: {
      allowed: true, status: 200, body: 'notes', preflights: 0, requests: 1,
      headers: { 'x-policy': 'from the policy', 'x-handler': 'from the handler', 'x-hidden': null },
    },
  },
  {
    name: 'shared policy: GET from a subdomain the policy\'s pattern admits is readable',
    from: 'sub', path: '/notes', init: { credentials: 'include' },
    expect: { allowed: true, status: 200, body: 'notes', headers: { 'x-policy': 'from the policy' } },
  },
  {
    name: 'shared policy: a credentialed JSON PUT to the other handler passes its preflight',
    from: 'app', path: '/notes', init: { method: 'PUT', credentials: 'include', ...json({ text: 'hi' }) },
    expect: {
      allowed: true, status: 200, body: 'saved hi', preflights: 1, requests: 1,
      headers: { 'x-policy': 'from the policy', 'x-handler': null, 'x-hidden': null },
    },
  },
  {
    name: 'shared policy: the other handler\'s Json rejection is a readable 400 with credentials',
    from: 'app', path: '/notes', init: { method: 'PUT', credentials: 'include', headers: { 'content-type': 'application/json' }, body: '{' },
    expect: { allowed: true, status: 400, preflights: 1, requests: 1 },
  },
  {
    name: 'shared policy: a header neither the policy nor the handler lists is blocked at the preflight',
    from: 'app', path: '/notes', init: { method: 'PUT', headers: { 'content-type': 'application/json', 'x-unlisted': '1' }, body: '{}' },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'shared policy: a method neither handler lists (PATCH) is blocked at the preflight',
    from: 'app', path: '/notes', init: { method: 'PATCH', ...json({ text: 'x' }) },
    expect: { allowed: false, preflights: 1, requests: 0 },
  },
  {
    name: 'shared policy: an origin the policy does not list is blocked',
    from: 'evil', path: '/notes', init: { credentials: 'include' },
    expect: { allowed: false, requests: 1 },
  },

  // preflight_status.
  {
    name: 'preflight_status = 200: a PUT passes its preflight, answered 200',
    from: 'app', path: '/status-200', init: { method: 'PUT' },
    expect: { allowed: true, status: 200, body: 'status 200', preflights: 1, requests: 1, preflightStatuses: [200] },
  },
  {
    name: 'preflight_status = 200: a refused preflight is still 403 and blocked',
    from: 'evil', path: '/status-200', init: { method: 'PUT' },
    expect: { allowed: false, preflights: 1, requests: 0, preflightStatuses: [403] },
  },
  {
    name: 'without preflight_status: an accepted preflight is answered 204',
    from: 'app', path: '/default-age', init: { method: 'PUT' },
    expect: { allowed: true, status: 200, preflights: 1, requests: 1, preflightStatuses: [204] },
  },
];

// ---------------------------------------------------------------------------------------------

/** Calls the server's counting endpoints directly, not through the browser. */
function control(method, pathAndQuery) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: API_PORT, method, path: pathAndQuery, timeout: 5_000 },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { body += chunk; });
        response.on('end', () => {
          if (response.statusCode >= 300) {
            reject(new Error(`${method} ${pathAndQuery}: status ${response.statusCode}`));
          } else {
            resolve(body ? JSON.parse(body) : null);
          }
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${method} ${pathAndQuery}: timed out`)));
    request.on('error', reject);
    request.end();
  });
}

/** Runs in the page (or the sandboxed frame): fetches `times` times and reports what it read. */
async function fetchInPage({ url, init, times, headerNames, timeoutMs }) {
  const attempts = [];
  for (let attempt = 0; attempt < times; attempt += 1) {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      const headers = {};
      for (const name of headerNames) headers[name] = response.headers.get(name);
      attempts.push({ allowed: true, status: response.status, body: await response.text(), headers });
    } catch (error) {
      attempts.push({ allowed: false, error: `${error.name}: ${error.message}` });
    }
  }
  return attempts;
}

/** Why one attempt does not meet `expect`, or null. */
function attemptProblem(attempt, expect) {
  if (attempt.allowed !== expect.allowed) {
    return expect.allowed
      ? `expected a readable response, but fetch rejected (${attempt.error})`
      : `expected the fetch to be blocked, but the page read status ${attempt.status}`;
  }
  if (!attempt.allowed) {
    // A CORS failure is a network error: fetch rejects with TypeError, not a timeout or abort.
    return attempt.error.startsWith('TypeError') ? null : `expected a TypeError, got ${attempt.error}`;
  }
  if (expect.status !== undefined && attempt.status !== expect.status) {
    return `expected status ${expect.status}, the page read ${attempt.status}`;
  }
  if (expect.body !== undefined && attempt.body !== expect.body) {
    return `expected body ${JSON.stringify(expect.body)}, the page read ${JSON.stringify(attempt.body)}`;
  }
  if (expect.bodyIncludes !== undefined && !attempt.body.includes(expect.bodyIncludes)) {
    return `expected the body to include ${JSON.stringify(expect.bodyIncludes)}, the page read ${JSON.stringify(attempt.body)}`;
  }
  for (const [name, value] of Object.entries(expect.headers ?? {})) {
    if (attempt.headers[name] !== value) {
      const wanted = value === null ? 'unreadable (null)' : JSON.stringify(value);
      return `expected header ${name} ${wanted}, the page read ${JSON.stringify(attempt.headers[name])}`;
    }
  }
  return null;
}

async function runCase(testCase, index, frameFor) {
  const separator = testCase.path.includes('?') ? '&' : '?';
  const key = `${testCase.path}${separator}case=${index}`;
  const times = testCase.times ?? 1;
  const frame = await frameFor(testCase.from);
  const attempts = await frame.evaluate(fetchInPage, {
    url: `${API}${key}`,
    init: testCase.init ?? {},
    times,
    headerNames: Object.keys(testCase.expect.headers ?? {}),
    timeoutMs: FETCH_TIMEOUT_MS,
  });
  for (const [number, attempt] of attempts.entries()) {
    const problem = attemptProblem(attempt, testCase.expect);
    if (problem) return times > 1 ? `fetch ${number + 1} of ${times}: ${problem}` : problem;
  }
  const { expect } = testCase;
  const count = await control('GET', `/__count?key=${encodeURIComponent(key)}`);
  // A fetch that never reached the server also rejects with a TypeError: without this, a
  // "blocked" case could pass because the host did not resolve or the server was down.
  if (count.preflights + count.requests === 0) {
    return 'nothing reached the server, so the outcome says nothing about CORS';
  }
  const origin = testCase.from === 'sandboxed' ? 'null' : ORIGINS[testCase.from];
  if (count.origins.length !== 1 || count.origins[0] !== origin) {
    return `expected every request to carry Origin: ${origin}, the server saw ${JSON.stringify(count.origins)}`;
  }
  if (expect.preflights !== undefined && count.preflights !== expect.preflights) {
    return `expected ${expect.preflights} preflight(s) at the server, it received ${count.preflights}`;
  }
  if (expect.requests !== undefined && count.requests !== expect.requests) {
    return `expected ${expect.requests} actual request(s) at the server, it received ${count.requests}`;
  }
  if (expect.preflightStatuses !== undefined
      && JSON.stringify(count.preflight_statuses) !== JSON.stringify(expect.preflightStatuses)) {
    return `expected the server to answer the preflight(s) with ${JSON.stringify(expect.preflightStatuses)}, it answered ${JSON.stringify(count.preflight_statuses)}`;
  }
  return null;
}

async function main() {
  const only = process.env.CASES;
  const cases = CASES.map((testCase, index) => ({ testCase, index }))
    .filter(({ testCase }) => !only || testCase.name.includes(only));

  try {
    await control('POST', '/__reset');
  } catch (error) {
    console.log(`Bail out! the test server is not answering on 127.0.0.1:${API_PORT}: ${error.message}`);
    return 2;
  }

  const userDataDir = await mkdtemp(path.join(tmpdir(), 'cors-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      timeout: 30_000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP *.test 127.0.0.1',
      ],
    });
    context.setDefaultTimeout(10_000);
    console.log(`# Chromium ${context.browser()?.version() ?? '(version unknown)'}`);

    const frames = new Map();
    const frameFor = async (from) => {
      if (!frames.has(from)) {
        const page = await context.newPage();
        if (from === 'sandboxed') {
          await page.goto(`${ORIGINS.app}/sandboxed`);
          // Not page.frame({ name }): Playwright may learn the frame's name after `load`.
          const iframe = await page.waitForSelector('iframe[name=sandboxed]');
          const frame = await iframe.contentFrame();
          if (!frame) throw new Error('the sandboxed iframe has no document');
          await frame.waitForLoadState('load');
          frames.set(from, frame);
        } else {
          await page.goto(`${ORIGINS[from]}/`);
          frames.set(from, page.mainFrame());
        }
      }
      return frames.get(from);
    };

    let passed = 0;
    let failed = 0;
    for (const { testCase, index } of cases) {
      let problem;
      try {
        problem = await runCase(testCase, index, frameFor);
      } catch (error) {
        problem = `the case could not run: ${error.message.split('\n')[0]}`;
      }
      if (problem) {
        failed += 1;
        const bug = testCase.bug ? ` [library bug: ${testCase.bug}]` : '';
        console.log(`not ok - ${testCase.name}: ${problem}${bug}`);
      } else {
        passed += 1;
        console.log(`ok - ${testCase.name}`);
      }
    }
    console.log(`${passed} passed, ${failed} failed`);
    return failed > 0 ? 1 : 0;
  } finally {
    await context?.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}

// A hung browser must not hang the suite: give up, and let Playwright's exit handler kill it.
setTimeout(() => {
  console.log(`Bail out! the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
  process.exit(2);
}, SUITE_TIMEOUT_MS).unref();

main().then(
  (code) => process.exit(code),
  (error) => {
    console.log(`Bail out! ${error.stack ?? error}`);
    process.exit(2);
  },
);
