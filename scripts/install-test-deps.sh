#!/usr/bin/env bash
# System packages and npm modules the test suite needs, installed when missing; fails loudly otherwise.
#   - Debian's chromium + chromium-driver (headless browser tests; no browser download, Selenium Manager off)
#   - Debian's postgresql (initdb/pg_ctl: `pytest --database=postgresql` starts a throwaway server; the
#     package's own cluster is not used)
#   - Node.js/npm, then axe-core pinned by tests/ui/package-lock.json (`npm ci` in tests/ui)
# Called by the README test command (and so by .ci/run). Needs root or sudo only when something is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "install-test-deps: $*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else fail "need root (or sudo) to run: $*"; fi
}

apt_install() {
    command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install $* with your package manager"
    echo "install-test-deps: apt-get install $*" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
pg_ctl_found() { compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; }
pg_ctl_found || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
fi
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || fail "chromium / chromium-driver still missing"
pg_ctl_found || fail "postgresql (initdb, pg_ctl) still missing"

axe=tests/ui/node_modules/axe-core/axe.min.js
if [ ! -f "$axe" ] || [ tests/ui/package-lock.json -nt "$axe" ]; then
    (cd tests/ui && npm ci --no-audit --no-fund --silent) || fail "npm ci in tests/ui failed"
fi
[ -f "$axe" ] || fail "axe-core missing after npm ci ($axe)"
pg="$(compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" | sort -V | tail -n 1)"
echo "install-test-deps: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), chromedriver, postgresql $("$pg" --version | awk '{print $3}'), axe-core ready" >&2
