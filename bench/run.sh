#!/usr/bin/env bash
# Throughput of ShopWeb's catalog pages, measured against a static file served by the same process. The anonymous
# pages come from the output cache; the home page signed in is rendered every time (with its session check).
# Usage: bench/run.sh            (ROUNDS, DURATION, CONNECTIONS and BENCH_OUT may be set in the environment)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-8s}"
CONNECTIONS="${CONNECTIONS:-16}"
# One wrk thread: the app and wrk share the machine, and a second wrk thread would only steal the app's CPU.
WRK_ARGS=(-t1 "-c$CONNECTIONS" "-d$DURATION" --latency -s "$BENCH_DIR/report.lua")

# label|path; the static file comes first because every ratio is taken against it.
URLS=(
  "static|/css/site.css"
  "catalog|/products"
  "search|/products?q=e&page=2"
  "product|/products/enamel-camping-mug"
  "home|/"
  "home-signed-in|/"
)

TMP="$(mktemp -d /tmp/shopweb-bench.XXXXXX)"
APP_PID=""
cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# 1. Publish. --artifacts-path keeps bin/ and obj/ out of the repo, so a build here cannot collide with
#    builds or test runs other developers start in the working tree at the same time.
OUT="${BENCH_OUT:-$TMP/publish}"
if [[ -f "$OUT/ShopWeb.dll" ]]; then
  echo "Reusing the published app in $OUT"
else
  echo "Publishing Release into $OUT ..."
  dotnet publish "$REPO/ShopWeb/ShopWeb.csproj" -c Release -o "$OUT" --artifacts-path "$TMP/artifacts" \
    -nologo -v quiet >"$TMP/publish.log" 2>&1 || { tail -n 30 "$TMP/publish.log"; exit 1; }
fi

# 2. Start on a port the kernel picks (port 0): no race with other programs choosing a port.
#    A fresh data folder per run, so the demo catalog is seeded into an empty store every time.
mkdir -p "$TMP/data/mail"
( cd "$TMP" && exec env ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__Shop="Data Source=$TMP/data/shop.db" \
    Seed__DemoCatalog=true Email__PickupDirectory="$TMP/data/mail" Identity__RequireConfirmedEmail=false \
    Shop__PublicUrl=http://127.0.0.1/ \
    dotnet "$OUT/ShopWeb.dll" --urls http://127.0.0.1:0 ) >"$TMP/app.log" 2>&1 &
APP_PID=$!

BASE=""
for _ in $(seq 1 120); do   # 120 x 0.5s = the 60 s start timeout
  kill -0 "$APP_PID" 2>/dev/null || { echo "The app exited during start:"; tail -n 30 "$TMP/app.log"; exit 1; }
  [[ -z "$BASE" ]] && BASE="$(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$TMP/app.log" | head -n1 | sed 's/Now listening on: //')" || true
  if [[ -n "$BASE" ]] && [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" == 200 ]]; then break; fi
  sleep 0.5
done
[[ -n "$BASE" ]] && [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" == 200 ]] \
  || { echo "The app was not ready within 60 s:"; tail -n 30 "$TMP/app.log"; exit 1; }
echo "App ready at $BASE (pid $APP_PID)"

# A shopper to measure signed in: registering signs in at once when confirmation is off (set above).
JAR="$TMP/cookies"
token="$(curl -s -c "$JAR" "$BASE/account/register" | grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' | head -n1 | sed -E 's/.*value="([^"]+)"/\1/')"
curl -s -b "$JAR" -c "$JAR" -o /dev/null "$BASE/account/register" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Input.Email=bench@example.com" --data-urlencode "Input.Password=a long benchmark passphrase" \
  --data-urlencode "Input.ConfirmPassword=a long benchmark passphrase"
AUTH="$(awk '$6 == "ShopWeb.Auth" {print $6 "=" $7}' "$JAR")"
[[ -n "$AUTH" ]] || { echo "Could not sign in the benchmark shopper"; exit 1; }
curl -s -H "Cookie: $AUTH" "$BASE/" | grep -q "Sign out" || { echo "The signed-in cookie does not sign in"; exit 1; }
# The extra wrk arguments of a label: the sign-in cookie for the signed-in measurement.
cookie_for() { EXTRA=(); if [[ "$1" == *signed-in ]]; then EXTRA=(-H "Cookie: $AUTH"); fi; }

# 3. Correctness before speed: a fast 404 or error page would make a meaningless benchmark.
for entry in "${URLS[@]}"; do
  path="${entry#*|}"
  code="$(curl -s -o "$TMP/body" -w '%{http_code}' "$BASE$path")"
  [[ "$code" == 200 ]] || { echo "GET $path answered $code, expected 200"; exit 1; }
done
curl -s "$BASE/products?q=e&page=2" | grep -q "page 2 of" \
  || { echo "The search page does not say 'page 2 of': the search is too small to page"; exit 1; }
# The anonymous pages are answered from the output cache (which adds an Age header to what it serves, and the shop
# never sends one itself); the signed-in page never is.
for entry in "${URLS[@]}"; do
  label="${entry%%|*}"; path="${entry#*|}"
  [[ "$label" == static ]] && continue
  cookie_for "$label"
  curl -s -o /dev/null "${EXTRA[@]}" "$BASE$path"
  if curl -s -o /dev/null -D - "${EXTRA[@]}" "$BASE$path" | grep -qi '^age:'; then cached=yes; else cached=no; fi
  expected=yes; [[ "$label" == *signed-in ]] && expected=no
  [[ "$cached" == "$expected" ]] || { echo "GET $path ($label) from the output cache: $cached, expected $expected"; exit 1; }
done

# 4. Warm-up: JIT, Razor compilation, EF Core query caches and the SQLite page cache.
for entry in "${URLS[@]}"; do
  cookie_for "${entry%%|*}"
  wrk -t1 "-c$CONNECTIONS" -d2s "${EXTRA[@]}" "$BASE${entry#*|}" >/dev/null
done

# 5. Rounds, interleaved, so a slow drift of the machine (thermal, other load) hits every URL alike.
#    The load average is recorded because other work on this machine skews every figure.
LOAD="$(uptime | sed 's/.*load average: //')"
: >"$TMP/runs"; : >"$TMP/rounds"
for round in $(seq 1 "$ROUNDS"); do
  for entry in "${URLS[@]}"; do
    label="${entry%%|*}"
    cookie_for "$label"
    line="$(wrk "${WRK_ARGS[@]}" "${EXTRA[@]}" "$BASE${entry#*|}" | grep '^BENCH ')"
    echo "round $round  $label  ${line#BENCH }" | tee -a "$TMP/rounds"
    # Keep "label rps p50 p99 non2xx sockerr" for the summary.
    echo "$label $(sed -E 's/.*rps=([^ ]+) p50_ms=([^ ]+) p99_ms=([^ ]+) non2xx=([^ ]+) sockerr=([^ ]+).*/\1 \2 \3 \4 \5/' <<<"$line")" >>"$TMP/runs"
  done
done

# 6. Summary: medians damp one unlucky round; error counts are totals because any error fails the run.
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
col() { awk -v l="$1" -v c="$2" '$1==l {print $c}' "$TMP/runs"; }
static_rps="$(col static 2 | median)"
failures=0
rows=()
for entry in "${URLS[@]}"; do
  label="${entry%%|*}"; path="${entry#*|}"
  [[ "$label" == *signed-in ]] && path="$path (signed in)"
  rps="$(col "$label" 2 | median)"; p50="$(col "$label" 3 | median)"; p99="$(col "$label" 4 | median)"
  non2xx="$(col "$label" 5 | awk '{s+=$1} END {print s+0}')"
  sockerr="$(col "$label" 6 | awk '{s+=$1} END {print s+0}')"
  ratio="$(awk -v a="$rps" -v b="$static_rps" 'BEGIN {printf "%.2f", a/b}')"
  failures=$((failures + non2xx + sockerr))
  rows+=("$(printf '%s|%.0f|%.2f|%.2f|%d|%d|%s' "$path" "$rps" "$p50" "$p99" "$non2xx" "$sockerr" "$ratio")")
done

WRK_CMD="wrk ${WRK_ARGS[*]/#$BENCH_DIR/bench} <url>"
echo
printf '%-32s %10s %9s %9s %7s %8s %6s\n' URL "req/s" "p50 ms" "p99 ms" non2xx sockerr ratio
for row in "${rows[@]}"; do
  IFS='|' read -r path rps p50 p99 non2xx sockerr ratio <<<"$row"
  printf '%-32s %10s %9s %9s %7s %8s %6s\n' "$path" "$rps" "$p50" "$p99" "$non2xx" "$sockerr" "$ratio"
done
echo "(medians of $ROUNDS rounds; ratio = page req/s / static file req/s)"

# Taken before results.md is opened for writing, which would otherwise count as an uncommitted change.
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (plus uncommitted changes)')"
{
  echo "# ShopWeb benchmark results"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: nproc = $(nproc); app and wrk on the same machine; load average before measuring: $LOAD"
  echo "- Commit: $COMMIT"
  echo "- Command: \`bench/run.sh\` (ROUNDS=$ROUNDS), each measurement: \`$WRK_CMD\`"
  echo
  echo "Medians of $ROUNDS interleaved rounds. Ratio = the URL's req/s divided by the static file's req/s."
  echo
  echo "| URL | req/s | p50 ms | p99 ms | non-2xx/3xx | socket errors | ratio to static |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    IFS='|' read -r path rps p50 p99 non2xx sockerr ratio <<<"$row"
    echo "| \`$path\` | $rps | $p50 | $p99 | $non2xx | $sockerr | $ratio |"
  done
  echo; echo "Every measurement, in the order taken:"; echo; echo '```'; cat "$TMP/rounds"; echo '```'
} >"$BENCH_DIR/results.md"
echo "Wrote $BENCH_DIR/results.md"

if ((failures > 0)); then
  echo "FAIL: $failures non-2xx/3xx responses or socket errors during the measurement" >&2
  exit 1
fi
