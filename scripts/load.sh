#!/usr/bin/env bash
# Load test: the quickstart example under wrk on loopback, mixing preflights and actual requests
# from allowed and refused origins. Bounded in time (a warm-up, then one measured run) and in
# connections; prints requests/s, latency percentiles, responses per kind, errors, and the
# server's RSS before, during and after (from /proc/PID/status) to show whether memory is flat.
#
#   bash scripts/load.sh                       # 30 s, 2 threads, 32 connections
#   DURATION=60 CONNECTIONS=64 bash scripts/load.sh
#
# Needs wrk (`apt-get install -y wrk`). Everything stays on 127.0.0.1. The figures go to
# stdout; the "Load" section of BENCHMARKS.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-38090}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-5}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SAMPLE_EVERY=${SAMPLE_EVERY:-3}

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
for value in "$PORT" "$DURATION" "$WARMUP" "$THREADS" "$CONNECTIONS" "$SAMPLE_EVERY"; do
  [[ "$value" =~ ^[0-9]+$ ]] || { echo "not a number: $value" >&2; exit 1; }
done
if (( DURATION > 600 || WARMUP > 60 || CONNECTIONS > 1024 )); then
  echo "refusing an unbounded run: DURATION <= 600, WARMUP <= 60, CONNECTIONS <= 1024" >&2
  exit 1
fi

# The same binary as `cargo run --release -p cors-examples --example quickstart -- PORT`, run
# directly so that its PID is the server's own.
cargo build -q --release -p cors-examples --example quickstart
work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

target/release/examples/quickstart "$PORT" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  sleep 0.1
done
kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
hwm_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$server_pid/status"; }
threads() { awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status"; }

# The request mix, one entry per kind, cycled in this order by every connection. Each response
# is classified by what it carries, since wrk does not say which request it answers:
#   204 + the expected Access-Control-Allow-Origin       accepted preflight
#   403 without any Access-Control-* header              refused preflight (by design)
#   200 + `*`                                            public actual request
#   200 + an allowed origin (+ credentials where due)    allowed actual request
#   200 without Access-Control-*                         actual request from a refused origin
#   anything else, or a wrong header                     unexpected (an error)
cat >"$work/mix.lua" <<'LUA'
local APP = "https://app.example.com"
local ADMIN = "https://admin.example.com"
local LOCAL = "http://localhost:5173"
local EVIL = "https://evil.example"

local kinds = {
  { name = "preflight allowed (POST /users from app)", method = "OPTIONS", path = "/users",
    headers = { Origin = APP, ["Access-Control-Request-Method"] = "POST",
                ["Access-Control-Request-Headers"] = "content-type,x-api-key" } },
  { name = "preflight allowed (DELETE /users/7 from admin)", method = "OPTIONS", path = "/users/7",
    headers = { Origin = ADMIN, ["Access-Control-Request-Method"] = "DELETE" } },
  { name = "preflight refused (evil origin)", method = "OPTIONS", path = "/users",
    headers = { Origin = EVIL, ["Access-Control-Request-Method"] = "POST",
                ["Access-Control-Request-Headers"] = "content-type" } },
  { name = "preflight refused (admin may not POST)", method = "OPTIONS", path = "/users",
    headers = { Origin = ADMIN, ["Access-Control-Request-Method"] = "POST" } },
  { name = "actual allowed (GET /users from app)", method = "GET", path = "/users",
    headers = { Origin = APP } },
  { name = "actual allowed (GET /users/7 from localhost, credentials)", method = "GET", path = "/users/7",
    headers = { Origin = LOCAL, Cookie = "session=s" } },
  { name = "actual allowed (DELETE /users/7 from admin, credentials)", method = "DELETE", path = "/users/7",
    headers = { Origin = ADMIN } },
  { name = "actual refused origin (GET /users from evil)", method = "GET", path = "/users",
    headers = { Origin = EVIL } },
  { name = "actual public (GET /status from evil)", method = "GET", path = "/status",
    headers = { Origin = EVIL } },
  { name = "actual without Origin (GET /users)", method = "GET", path = "/users",
    headers = { } },
}

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local requests = {}
local next_index = 0
function init(args)
  for i, kind in ipairs(kinds) do
    requests[i] = wrk.format(kind.method, kind.path, kind.headers)
    _G["sent_" .. i] = 0
  end
  next_index = math.random(0, #kinds - 1)
  accepted_preflights, refused_preflights, public_actual, allowed_actual = 0, 0, 0, 0
  refused_actual, unexpected = 0, 0
  unexpected_sample = ""
end

function request()
  next_index = next_index % #kinds + 1
  _G["sent_" .. next_index] = _G["sent_" .. next_index] + 1
  return requests[next_index]
end

local allowed_origins = { [APP] = true, [ADMIN] = true, [LOCAL] = true }

local function note_unexpected(status, headers)
  unexpected = unexpected + 1
  if unexpected_sample == "" then
    local parts = { tostring(status) }
    for name, value in pairs(headers) do table.insert(parts, name .. ": " .. value) end
    unexpected_sample = table.concat(parts, " | ")
  end
end

function response(status, headers, body)
  local acao, acac, acam, cors = nil, nil, nil, false
  for name, value in pairs(headers) do
    local lower = string.lower(name)
    if lower == "access-control-allow-origin" then acao = value end
    if lower == "access-control-allow-credentials" then acac = value end
    if lower == "access-control-allow-methods" then acam = value end
    if string.sub(lower, 1, 15) == "access-control-" then cors = true end
  end
  if status == 204 and acao and allowed_origins[acao] and acam then
    accepted_preflights = accepted_preflights + 1
  elseif status == 403 and not cors then
    refused_preflights = refused_preflights + 1
  elseif status == 200 and acao == "*" and not acac then
    public_actual = public_actual + 1
  elseif status == 200 and acao and allowed_origins[acao] then
    allowed_actual = allowed_actual + 1
  elseif status == 200 and not cors then
    refused_actual = refused_actual + 1
  else
    note_unexpected(status, headers)
  end
end

function done(summary, latency, requests)
  local function total(name)
    local sum = 0
    for _, thread in ipairs(threads) do sum = sum + (thread:get(name) or 0) end
    return sum
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("requests: %d in %.1f s = %.0f requests/s\n",
    summary.requests, seconds, summary.requests / seconds))
  io.write(string.format("latency: p50 %.0f us, p90 %.0f us, p99 %.0f us, p99.9 %.0f us, max %.0f us, mean %.0f us\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d; wrk's non-2xx/3xx count %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
  io.write("sent per kind:\n")
  for i, kind in ipairs(kinds) do
    io.write(string.format("  %9d  %s\n", total("sent_" .. i), kind.name))
  end
  io.write("responses per class:\n")
  io.write(string.format("  %9d  204 accepted preflight\n", total("accepted_preflights")))
  io.write(string.format("  %9d  403 refused preflight (by design)\n", total("refused_preflights")))
  io.write(string.format("  %9d  200 allowed origin\n", total("allowed_actual")))
  io.write(string.format("  %9d  200 public (*)\n", total("public_actual")))
  io.write(string.format("  %9d  200 refused origin / no Origin, no CORS headers\n", total("refused_actual")))
  io.write(string.format("  %9d  unexpected (errors)\n", total("unexpected")))
  for _, thread in ipairs(threads) do
    local sample = thread:get("unexpected_sample")
    if sample and sample ~= "" then io.write("  first unexpected: " .. sample .. "\n") break end
  end
end
LUA

echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(uname -sr)"
echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); threads $THREADS, connections $CONNECTIONS, warm-up ${WARMUP}s, run ${DURATION}s"
echo "server: target/release/examples/quickstart $PORT (pid $server_pid, $(threads) threads)"
rss_start=$(rss_kib)
echo "RSS at start (idle): ${rss_start} KiB"

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$work/mix.lua" "$base" >"$work/warmup.txt"
sleep 1
rss_before=$(rss_kib)
echo "RSS after ${WARMUP}s warm-up (idle): ${rss_before} KiB"

samples=()
(
  # One sample every SAMPLE_EVERY seconds while wrk runs, bounded by DURATION.
  for _ in $(seq 1 $(( (DURATION - 1) / SAMPLE_EVERY ))); do
    sleep "$SAMPLE_EVERY"
    awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || true
  done
) >"$work/rss.txt" &
sampler=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$work/mix.lua" "$base" \
  >"$work/run.txt"
wait "$sampler" 2>/dev/null || true
mapfile -t samples <"$work/rss.txt"
sleep 1
rss_after=$(rss_kib)

sed -n '/^requests:/,$p' "$work/run.txt"
echo "RSS during (every ${SAMPLE_EVERY}s, KiB): ${samples[*]}"
echo "RSS after the run (idle): ${rss_after} KiB; peak (VmHWM) $(hwm_kib) KiB"
echo "RSS growth from after warm-up to after the run: $(( rss_after - rss_before )) KiB"
kill -0 "$server_pid" 2>/dev/null && echo "server still running: yes" || { echo "server died" >&2; exit 1; }
