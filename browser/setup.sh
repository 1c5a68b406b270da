#!/usr/bin/env bash
# Installs what the browser suite (browser/run.mjs, run by `cargo test -p cors-browser-tests`)
# needs on a fresh Debian machine: Debian's Chromium at /usr/bin/chromium and the pinned
# playwright-core in browser/node_modules. Node.js 20+ must already be on PATH (Debian 12's own
# nodejs is 18, too old for playwright-core).
#
#   bash browser/setup.sh        (from anywhere; needs root for apt-get)
#
# Never downloads a browser through npm: playwright-core has no install step, and the suite
# drives /usr/bin/chromium.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v node >/dev/null 2>&1; then
  echo "setup.sh: node is not on PATH; the browser suite needs Node.js 20 or newer" >&2
  exit 1
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "setup.sh: node $(node --version) is too old; the browser suite needs Node.js 20 or newer" >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "setup.sh: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
# The Debian wrapper script prints a harmless shell warning on some machines; keep only the version.
/usr/bin/chromium --version 2>/dev/null

if [ -f "$here/node_modules/playwright-core/package.json" ] \
  && [ "$(node -p "require('$here/node_modules/playwright-core/package.json').version")" \
     = "$(node -p "require('$here/package-lock.json').packages['node_modules/playwright-core'].version")" ]; then
  echo "setup.sh: playwright-core already installed"
else
  echo "setup.sh: npm ci in $here"
  npm ci --prefix "$here" --no-audit --no-fund
fi
