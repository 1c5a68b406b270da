#!/usr/bin/env bash
# The quickstart behind nginx's proxy_cache (cache/nginx.conf), by hand: shows, for the same
# URL asked from several origins in turn, the cache status and the Access-Control-Allow-Origin
# each origin gets. tests/shared_cache.rs is the automated version.
#
#   bash cache/try.sh            # needs nginx and curl (apt-get install -y nginx curl)
#
# Everything listens on 127.0.0.1; both processes are stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_PORT=${APP_PORT:-38080}
CACHE_PORT=${CACHE_PORT:-38081}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is not installed: apt-get install -y nginx" >&2; exit 1; }
echo "$("$NGINX" -v 2>&1) (proxy_cache honours Vary from 1.7.7 on)"

cargo build -q --release -p cors-examples --example quickstart
dir=$(mktemp -d)
server_pid=""
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

target/release/examples/quickstart "$APP_PORT" >/dev/null &
server_pid=$!
sed -e "s|@DIR@|$dir|g" -e "s|@LISTEN@|$CACHE_PORT|g" -e "s|@UPSTREAM@|$APP_PORT|g" \
  cache/nginx.conf >"$dir/nginx.conf"
"$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" -g 'daemon off;' &
nginx_pid=$!

# Wait for both, at most 10 s.
for _ in $(seq 1 100); do
  if curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/status" &&
     curl -s -o /dev/null "http://127.0.0.1:$CACHE_PORT/status"; then
    break
  fi
  sleep 0.1
done

ask() { # path origin
  local origin_header=()
  [ -n "$2" ] && origin_header=(-H "Origin: $2")
  curl -s -o /dev/null -D - "${origin_header[@]}" "http://127.0.0.1:$CACHE_PORT$1" |
    tr -d '\r' |
    awk -v path="$1" -v origin="${2:-(none)}" '
      tolower($1) == "x-cache-status:" { cache = $2 }
      tolower($1) == "access-control-allow-origin:" { acao = $2 }
      tolower($1) == "vary:" { vary = substr($0, 7) }
      END { printf "%-10s %-34s cache=%-5s ACAO=%-28s Vary=%s\n", path, origin, cache, (acao ? acao : "-"), vary }'
}

for round in 1 2; do
  echo "round $round"
  for path in /users /users/7 /status; do
    for origin in https://app.example.com https://admin.example.com "" https://evil.example; do
      ask "$path" "$origin"
    done
  done
done
