#!/usr/bin/env bash
# Wapiti (Debian's `wapiti` package) over the published shop, as a visitor and as a signed-in shopper: publishes this
# checkout (or runs WAPITI_APP, a folder with ShopWeb.dll), starts it outside Development on a throwaway SQLite store
# with a known admin, registers a shopper, scans twice, and exits non-zero when either report holds a vulnerability
# or anomaly above low (wapiti's levels: 0 info, 1 low, 2 medium, 3 high, 4 critical). Low findings are listed.
# Usage: tools/wapiti/run.sh      (knobs: WAPITI_SCAN_SECONDS per scan, WAPITI_ATTACK_SECONDS per module, WAPITI_KEEP=1)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SCAN_SECONDS="${WAPITI_SCAN_SECONDS:-300}"
ATTACK_SECONDS="${WAPITI_ATTACK_SECONDS:-60}"
# Every module that works offline. Left out: ssrf (needs wapiti's public endpoint on the internet), nikto, buster,
# wapp (download their databases), brute_login_form (guesses weak passwords: the shop's minimum is 12 characters).
MODULES="${WAPITI_MODULES:-backup,blindsql,cookieflags,crlf,csp,csrf,exec,file,htaccess,http_headers,methods,permanentxss,redirect,shellshock,sql,xss,xxe}"
TMP="$(mktemp -d /tmp/shopweb-wapiti.XXXXXX)"
PID=""
say() { printf '[wapiti] %s\n' "$*"; }
fail() { echo "[wapiti] FAIL: $*" >&2; exit 1; }
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; fi
  if [[ "${WAPITI_KEEP:-}" == 1 ]]; then say "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
for tool in wapiti dotnet curl python3; do command -v "$tool" >/dev/null || fail "$tool is not installed (wapiti: apt-get install wapiti)"; done

APP="${WAPITI_APP:-}"
if [[ -z "$APP" ]]; then
  say "publishing the shop (Release) ..."
  dotnet publish "$REPO/ShopWeb/ShopWeb.csproj" -c Release -o "$TMP/app" --artifacts-path "$TMP/artifacts" -nologo -v quiet >"$TMP/publish.log" 2>&1 \
    || { tail -n 30 "$TMP/publish.log"; fail "publishing the shop"; }
  APP="$TMP/app"
fi

# The shop as deployed (Production), on a store of its own. Wapiti sends thousands of requests from one address:
# the per-address limits are raised so that it scans the pages rather than the 429 answer.
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$TMP/data/mail" "$TMP/data/uploads" "$TMP/home"
(cd "$TMP/data" && exec env ASPNETCORE_ENVIRONMENT=Production HOME="$TMP/home" \
  ConnectionStrings__Shop="Data Source=$TMP/data/shop.db" Email__PickupDirectory="$TMP/data/mail" Uploads__Path="$TMP/data/uploads" \
  Admin__Email=admin@wapiti.example Admin__Password="a long wapiti admin passphrase" Identity__RequireConfirmedEmail=false \
  Shop__PublicUrl="$BASE/" Api__RateLimits__RequestsPerMinute=1000000000 RateLimits__AccountFormPostsPerMinute=1000000000 RateLimits__RequestsPerMinute=1000000000 \
  dotnet "$APP/ShopWeb.dll" --urls "$BASE") >"$TMP/shop.log" 2>&1 &
PID=$!
for _ in $(seq 1 900); do
  kill -0 "$PID" 2>/dev/null || { tail -n 30 "$TMP/shop.log"; fail "the shop exited during start"; }
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/" || true)" == 200 ]] && break
  sleep 0.2
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/")" == 200 ]] || fail "the shop gave no 200 on / within 3 minutes"
say "the shop is up at $BASE"

# A shopper: registering signs in at once when confirmation is off. Wapiti takes the cookies as a JSON file.
python3 "$REPO/tools/wapiti/shopper_cookie.py" "$BASE" "$TMP/shopper-cookies.json" --no-lockout "$TMP/data/shop.db"

# The API is JSON, which wapiti does not crawl: its GET operations with query parameters are given as starting points.
STARTS=(-s "$BASE/products" -s "$BASE/products?q=mug&sort=price&page=1" -s "$BASE/cart" -s "$BASE/account/login"
  -s "$BASE/api/v1/products?q=mug&category=kitchen&sort=price&page=1&pageSize=10" -s "$BASE/api/v1/categories")
# Wapiti through tools/wapiti/wapiti.py (its -x fixed for Python 3.11+), on the interpreter of Debian's own script.
WAPITI_PYTHON="$(head -n1 "$(command -v wapiti)" | sed 's/^#!//')"
scan() { # name extra-args...
  local name="$1"; shift
  say "scanning as the $name (crawl at most $SCAN_SECONDS s, each module at most $ATTACK_SECONDS s) ..."
  # Accept-Encoding without br: wapiti asks for Brotli but cannot decode it without python3-brotli, and would then
  # find no link on any page. The product images and static files have nothing to attack.
  # Wapiti exits 0 even with findings: the report decides.
  $WAPITI_PYTHON "$REPO/tools/wapiti/wapiti.py" -u "$BASE/" --scope folder "${STARTS[@]}" -m "$MODULES" \
    -H "Accept-Encoding: gzip, deflate" -x "$BASE/images/*" -x "$BASE/css/*" -x "$BASE/js/*" -x "$BASE/lib/*" \
    --flush-session --store-session "$TMP/session-$name" --store-config "$TMP/config-$name" -d 3 --max-links-per-page 30 \
    --max-files-per-dir 40 --max-scan-time "$SCAN_SECONDS" --max-attack-time "$ATTACK_SECONDS" -t 10 --no-bugreport -v 1 \
    -f json -o "$TMP/$name.json" "$@" >"$TMP/$name.log" 2>&1 \
    || { tail -n 30 "$TMP/$name.log"; fail "wapiti failed as the $name"; }
  say "the $name's scan crawled $(grep -c '^\[+\]' "$TMP/$name.log") addresses"
}
scan visitor
# Signed in, the scan must not sign itself out or delete its account.
scan shopper -c "$TMP/shopper-cookies.json" -x "$BASE/account/logout*" -x "$BASE/account/delete*"
# The shopper's findings count only if the scan stayed signed in throughout.
python3 "$REPO/tools/wapiti/shopper_cookie.py" "$BASE" "$TMP/shopper-cookies.json" --check

python3 "$REPO/tools/wapiti/findings.py" "$TMP/visitor.json" "$TMP/shopper.json"
