#!/usr/bin/env bash
# ShopWeb side by side with its peers, in one run: the published shop (66 and 100,000 products, output cache on and
# off, anonymous and signed in), the Identity template (`dotnet new webapp --auth Individual`) and the empty template
# (`dotnet new web`), both built from the SDK's own templates in a temporary folder outside the repository.
# For every measurement: req/s, p50, p99, the server's CPU per request and its RSS; for every app: its cold start.
# Usage: bench/run.sh      (knobs in the environment: see bench/README.md)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH_DIR")"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-4s}"
WARMUP="${WARMUP:-2s}"
THREADS="${THREADS:-2}"
TIMEOUT="${TIMEOUT:-10s}"   # wrk's own default, 2 s, would count a slow page as socket errors rather than as its latency
read -r -a CONNECTIONS <<<"${CONNECTIONS:-64 16}"   # the first is the one the targets are judged at
COLD_STARTS="${COLD_STARTS:-3}"
LARGE_CATALOG="${LARGE_CATALOG:-100000}"
RESULTS="${RESULTS:-$BENCH_DIR/results.md}"
CLK_TCK="$(getconf CLK_TCK)"
STARTED_AT="$(date +%s)"

# Every row: label|instance|who|path. Instances: shop (66 products, output cache on), nocache (66 products, cache
# off), big (LARGE_CATALOG products, cache off), identity and hello (the templates). who: anon, or user (the
# shopper's sign-in cookie). The static file comes first: the anonymous pages' ratios are taken against it.
PRODUCT=/products/enamel-camping-mug
VARIANT_PRODUCT=/products/leather-gardening-gloves   # a demo product in 4 sizes x 2 colours
BIG_VARIANTS=/products/bench-2048-variants            # added to the shop's store below: 16 x 16 x 8 = 2,048 variants
SEARCH='/products?q=tea&page=2'
CATEGORY=/products?category=kitchen
API_PRODUCTS=/api/v1/products
ROWS=(
  "static|shop|anon|/css/site.css"
  "home|shop|anon|/"
  "catalog|shop|anon|/products"
  "search|shop|anon|$SEARCH"
  "product|shop|anon|$PRODUCT"
  "product-variants|shop|anon|$VARIANT_PRODUCT"
  "product-variants-returning|shop|visitor|$VARIANT_PRODUCT"
  "product-2048|shop|anon|$BIG_VARIANTS"
  "api-products|shop|anon|$API_PRODUCTS"
  "home-signed-in|shop|user|/"
  "catalog-signed-in|shop|user|/products"
  "search-signed-in|shop|user|$SEARCH"
  "product-signed-in|shop|user|$PRODUCT"
  "product-2048-signed-in|shop|user|$BIG_VARIANTS"
  "admin-grid-2048|shop|admin|/admin/products/BIG_ID/variants"
  "home-cache-off|nocache|anon|/"
  "search-cache-off|nocache|anon|$SEARCH"
  "category-cache-off|nocache|anon|$CATEGORY"
  "search-large|big|anon|$SEARCH"
  "category-large|big|anon|$CATEGORY"
  "identity-template|identity|anon|/"
  "web-template|hello|anon|/"
)
# ONLY="product|product-variants.*" measures only the rows whose labels match (the static file always, for the ratios),
# starts only their instances, and leaves out the cold starts and the farm round unless asked for.
if [[ -n "${ONLY:-}" ]]; then
  SELECTED=(); for entry in "${ROWS[@]}"; do label="${entry%%|*}"; [[ "$label" == static || "$label" =~ ^($ONLY)$ ]] && SELECTED+=("$entry"); done
  ROWS=("${SELECTED[@]}"); COLD_STARTS="${COLD_STARTS_SET:-0}"; FARM_ROUND="${FARM_ROUND:-0}"
fi
has_row() { local e; for e in "${ROWS[@]}"; do [[ "${e%%|*}" == "$1" ]] && return 0; done; return 1; }
INSTANCES=(); for inst in shop nocache big identity hello; do for e in "${ROWS[@]}"; do [[ "$e" == *"|$inst|"* ]] && { INSTANCES+=("$inst"); break; }; done; done
has_instance() { [[ " ${INSTANCES[*]} " == *" $1 "* ]]; }
declare -A DESCRIBE=(
  [shop]="ShopWeb, 66 products"
  [nocache]="ShopWeb, 66 products, output cache off"
  [big]="ShopWeb, $LARGE_CATALOG products, output cache off"
  [identity]="Identity template"
  [hello]="empty web template"
)

TMP="$(mktemp -d /tmp/shopweb-bench.XXXXXX)"
declare -A PID=() BASE=() SPAWNED_NS=() READY_MS=() FARM_URL=() FARM_ORDERS=() FARM_ORDERS_BEFORE=() FARM_CARD_BEFORE=() FARM_PAID=() FARM_PAYMENTS=()
stop_app() {
  local name="$1" pid="${PID[$1]:-}"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done   # 15 s for a graceful stop
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  PID[$name]=""
}
cleanup() {
  local name n
  for name in "${!PID[@]}"; do stop_app "$name"; done
  for n in "${!FARM_URL[@]}"; do FARM_DIR="$TMP/farm-$n" "$REPO/deploy/farm.sh" down >/dev/null 2>&1 || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "FAIL: $*" >&2; exit 1; }
say() { local t=$(( $(date +%s) - STARTED_AT )); printf '[%d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"; }
# wrk is Debian's package; as root it is installed when missing, as test.sh and deploy/farm.sh do with theirs.
if ! command -v wrk >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  say "wrk is missing; installing Debian's wrk package"
  apt-get update -q -o DPkg::Lock::Timeout=900 >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=900 wrk >&2
fi
for tool in dotnet wrk curl python3 getconf; do command -v "$tool" >/dev/null || fail "$tool is not installed (as root: apt-get install $tool)"; done

# 1. Publish the shop. --artifacts-path keeps bin/ and obj/ out of the repository, so a build here cannot collide with
#    builds or test runs other developers start in the working tree at the same time.
OUT="${BENCH_OUT:-$TMP/publish}"
if [[ -f "$OUT/ShopWeb.dll" ]]; then
  say "Reusing the published shop in $OUT"
else
  SRC="$REPO"
  if [[ -n "${BENCH_REF:-}" ]]; then   # another commit of the shop, measured with this script
    SRC="$TMP/src"; mkdir -p "$SRC"
    git -C "$REPO" archive "$BENCH_REF" | tar -x -C "$SRC" || fail "cannot read the commit $BENCH_REF"
  fi
  say "Publishing ShopWeb${BENCH_REF:+ at $BENCH_REF} (Release) into $OUT ..."
  dotnet publish "$SRC/ShopWeb/ShopWeb.csproj" -c Release -o "$OUT" --artifacts-path "$TMP/artifacts" -m:1 \
    -nologo -v quiet >"$TMP/publish.log" 2>&1 || { tail -n 30 "$TMP/publish.log"; fail "publishing ShopWeb"; }
fi

# 2. The peers, from the SDK's own templates, in a folder outside the repository, with the repository's SDK pin
#    (global.json) and nothing else of it: no Directory.Build.props or Directory.Packages.props applies there.
PEERS="${PEERS_OUT:-$TMP/peers}"
mkdir -p "$PEERS"
cp "$REPO/global.json" "$PEERS/global.json"
build_peer() { # name template-args...
  local name="$1"; shift
  if [[ -f "$PEERS/$name/out/$name.dll" ]]; then say "Reusing the published $name in $PEERS/$name/out"; return; fi
  say "Creating and publishing the $name template app (Release) ..."
  rm -rf "$PEERS/$name"
  (cd "$PEERS" && dotnet new "$@" -n "$name" -o "$name" --no-restore) >"$TMP/new-$name.log" 2>&1 \
    || { cat "$TMP/new-$name.log"; fail "dotnet new $*"; }
  # The packages the template asks for must be served by this machine's NuGet mirror; PEER_PACKAGE_VERSION pins
  # another 10.0.x for all of them if the template's is not.
  if [[ -n "${PEER_PACKAGE_VERSION:-}" ]]; then
    sed -i -E "s/(<PackageReference [^>]*Version=\")[^\"]+\"/\1$PEER_PACKAGE_VERSION\"/" "$PEERS/$name/$name.csproj"
  fi
  (cd "$PEERS" && dotnet publish "$name/$name.csproj" -c Release -o "$name/out" -m:1 -nologo -v quiet \
      -p:ImportDirectoryBuildProps=false -p:ImportDirectoryBuildTargets=false -p:ImportDirectoryPackagesProps=false) \
    >"$TMP/publish-$name.log" 2>&1 || { tail -n 30 "$TMP/publish-$name.log"; fail "publishing the $name template app"; }
}
if [[ -z "${ONLY:-}" ]] || has_instance identity || has_instance hello || ((COLD_STARTS > 0)); then
build_peer BenchIdentity webapp --auth Individual
build_peer BenchHello web
# The Identity template's `/` queries nothing, but the app opens app.db (which the template ships, migrated) for its
# account pages: it must be in the published folder, which is the app's working directory below.
[[ -f "$PEERS/BenchIdentity/out/app.db" ]] || fail "the Identity template's publish output has no app.db"
PEER_PACKAGES="$(grep -oE '<PackageReference Include="[^"]+" Version="[^"]+"' "$PEERS/BenchIdentity/BenchIdentity.csproj" 2>/dev/null \
  | sed -E 's/<PackageReference Include="([^"]+)" Version="([^"]+)"/\1 \2/' | paste -sd, - | sed 's/,/, /g')"
SDK_VERSION="$(cd "$PEERS" && dotnet --version)"
else
  PEER_PACKAGES="not built in this run"; SDK_VERSION="$(cd "$PEERS" && dotnet --version)"
fi

# 3. Starting an app. Every app runs as `dotnet X.dll` in Production on a port free a moment before; the process
#    started is the server itself (exec), so PID[name] is the dotnet process whose /proc entries are read below.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
shop_env() { # data-folder: a store of its own (database, mail, uploads, admin) per instance
  # wrk sends everything from one address: the per-address limit on requests past the page cache is raised past
  # what a run sends (they are still counted).
  mkdir -p "$1/mail" "$1/uploads"
  SHOP_ENV=(ConnectionStrings__Shop="Data Source=$1/shop.db" Email__PickupDirectory="$1/mail" Uploads__Path="$1/uploads"
    Admin__Email=admin@bench.example Admin__Password="a long benchmark admin passphrase"
    Identity__RequireConfirmedEmail=false Shop__PublicUrl=http://127.0.0.1/ RateLimits__RequestsPerMinute=1000000000)
  # SHOP_EXTRA_ENV="DOTNET_gcServer=0 ...": runtime settings for the shop's instances only (GC experiments, README).
  [[ -n "${SHOP_EXTRA_ENV:-}" ]] && { read -r -a extra <<<"$SHOP_EXTRA_ENV"; SHOP_ENV+=("${extra[@]}"); }
  return 0
}
start_app() { # name working-dir dll env...: sets PID[name] and BASE[name]
  local name="$1" dir="$2" dll="$3" port; shift 3
  port="$(free_port)"
  BASE[$name]="http://127.0.0.1:$port"
  SPAWNED_NS[$name]="$(date +%s%N)"
  (cd "$dir" && exec env ASPNETCORE_ENVIRONMENT=Production HOME="$TMP/home" "$@" \
      dotnet "$dll" --urls "${BASE[$name]}") >>"$TMP/$name.log" 2>&1 &
  PID[$name]=$!
}
wait_ready() { # name timeout-s: polls `/` every 20 ms; READY_MS[name] = spawn to the first 200
  local name="$1" timeout="$2" code
  local deadline=$(( $(date +%s) + timeout ))
  while :; do
    kill -0 "${PID[$name]}" 2>/dev/null || { tail -n 30 "$TMP/$name.log"; fail "$name exited during start"; }
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "${BASE[$name]}/" || true)"
    if [[ "$code" == 200 ]]; then break; fi
    [[ "$code" == 000 ]] || { tail -n 30 "$TMP/$name.log"; fail "$name answered $code on / during start"; }
    (( $(date +%s) < deadline )) || { tail -n 30 "$TMP/$name.log"; fail "$name gave no 200 on / within $timeout s"; }
    sleep 0.02
  done
  READY_MS[$name]=$(( ($(date +%s%N) - ${SPAWNED_NS[$name]}) / 1000000 ))
  # The PID read is the server's, not a shell's.
  [[ "$(cat "/proc/${PID[$name]}/comm")" == dotnet ]] && tr '\0' ' ' <"/proc/${PID[$name]}/cmdline" | grep -q '\.dll' \
    || fail "PID ${PID[$name]} of $name is not the dotnet server: $(tr '\0' ' ' <"/proc/${PID[$name]}/cmdline")"
}
mkdir -p "$TMP/home"
start_shop() { shop_env "$TMP/data-$1"; local name="$1"; shift; start_app "$name" "$TMP/data-$name" "$OUT/ShopWeb.dll" "${SHOP_ENV[@]}" "$@"; }
start_identity() { start_app identity "$PEERS/BenchIdentity/out" BenchIdentity.dll; }
start_hello() { start_app hello "$PEERS/BenchHello/out" BenchHello.dll; }

# 4. Cold starts: spawn to the first 200 on `/`, interleaved over the apps. The shop's counts on a store seeded by
#    its first start (which is timed too, but seeds the catalog first).
declare -A COLD=()
FIRST_START_MS=n/a
if ((COLD_STARTS > 0)); then
say "Cold starts ..."
start_shop shop; wait_ready shop 180; FIRST_START_MS="${READY_MS[shop]}"; stop_app shop
fi
for i in $(seq 1 "$COLD_STARTS"); do
  start_shop shop; wait_ready shop 120; COLD[shop]+="${READY_MS[shop]} "; stop_app shop
  start_identity; wait_ready identity 120; COLD[identity]+="${READY_MS[identity]} "; stop_app identity
  start_hello; wait_ready hello 120; COLD[hello]+="${READY_MS[hello]} "; stop_app hello
  say "start $i: shop ${READY_MS[shop]} ms, Identity template ${READY_MS[identity]} ms, web template ${READY_MS[hello]} ms"
done

# 5. The instances measured, all at once (each idles while another is measured).
say "Starting the instances to measure (the $LARGE_CATALOG-product catalog is seeded first) ..."
# wrk comes from one address: the API's per-client limit is raised past what a run sends (it is still counted).
# The admin signs in with a password alone (Admin:RequireTwoFactor=false) so that wrk can carry the admin's cookie.
start_shop shop Api__RateLimits__RequestsPerMinute=1000000000 Admin__RequireTwoFactor=false
has_instance nocache && start_shop nocache OutputCache__Enabled=false
has_instance big && start_shop big OutputCache__Enabled=false Seed__DemoCatalogSize="$LARGE_CATALOG"
has_instance identity && start_identity
has_instance hello && start_hello
for name in "${INSTANCES[@]}"; do wait_ready "$name" 600; done
say "Ready: $(for n in "${INSTANCES[@]}"; do printf '%s=%s (pid %s) ' "$n" "${BASE[$n]}" "${PID[$n]}"; done)"

# The product with 2,048 variants (Shopify's limit, the shop's too): written into the seeded store with sqlite3, as
# an import would leave it, while no page has read it yet (so no cache holds an older answer).
BIG_ID="$(python3 "$BENCH_DIR/variants.py" "$TMP/data-shop/shop.db" "${BIG_VARIANTS#/products/}")" || fail "adding the product with 2,048 variants"
for i in "${!ROWS[@]}"; do ROWS[$i]="${ROWS[$i]//BIG_ID/$BIG_ID}"; done

# A shopper to measure signed in: registering signs in at once when confirmation is off (set above).
JAR="$TMP/cookies"
register="$(curl -s -c "$JAR" "${BASE[shop]}/account/register")"
token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$register" | head -n1 | sed -E 's/.*value="([^"]+)"/\1/')"
[[ -n "$token" ]] || fail "the register page has no antiforgery token"
registered="$(curl -s -b "$JAR" -c "$JAR" -o "$TMP/registered.html" -w '%{http_code} %{redirect_url}' "${BASE[shop]}/account/register" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Input.Email=bench@example.com" --data-urlencode "Input.Password=a long benchmark passphrase" \
  --data-urlencode "Input.ConfirmPassword=a long benchmark passphrase")"
# The cookies a browser sends back: the sign-in cookie and the antiforgery cookie the shop gave with the register
# form (a browser always returns it, so the signed-in rows measure a shopper's page views, not a new cookie per page).
AUTH="$(awk '$6 ~ /ShopWeb\.Auth|Antiforgery/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$JAR")"
[[ "$AUTH" == *ShopWeb.Auth* ]] || AUTH=""
[[ -n "$AUTH" ]] || fail "could not register the benchmark shopper: the register form answered $registered"
signed_in() { curl -s -o "$TMP/signed-in.html" -w '%{http_code}' -H "Cookie: $AUTH" "${BASE[shop]}/" >"$TMP/signed-in.code"; grep -q "Sign out" "$TMP/signed-in.html"; }
signed_in || { tail -n 20 "$TMP/shop.log"; fail "the shopper's cookie does not sign in: / answered $(cat "$TMP/signed-in.code") without 'Sign out' (the register form answered $registered)"; }
# A page is read whole before grep looks at it: `curl | grep -q` under pipefail fails when grep stops reading at its
# first match while curl is still writing (SIGPIPE), as a page sent in pieces made happen.
grep -q "Sign out" <<<"$(curl -s "${BASE[shop]}/")" && fail "an anonymous visitor sees 'Sign out'"
[[ "$AUTH" == *Antiforgery* ]] || fail "the register form set no antiforgery cookie for the shopper to send back"
grep -qi '^set-cookie:.*Antiforgery' <<<"$(curl -s -o /dev/null -D - -H "Cookie: $AUTH" "${BASE[shop]}/")" \
  && fail "a signed-in page sets a new antiforgery cookie although the shopper sends theirs back"

# A returning visitor: the antiforgery cookie their first visit of the product page set, sent with every request.
VISITOR="$(curl -s -o /dev/null -D - "${BASE[shop]}$VARIANT_PRODUCT" | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*Antiforgery=[^;]*\);.*/\1/p' | head -n1)"
[[ -n "$VISITOR" ]] || fail "the product page $VARIANT_PRODUCT sets no antiforgery cookie"
# The admin, signed in with the shop's admin account (for the variant grid).
ADMIN_AUTH=""
if has_row admin-grid-2048; then
  ajar="$TMP/admin-cookies"
  login="$(curl -s -c "$ajar" "${BASE[shop]}/account/login")"
  token="$(grep -oE 'name="__RequestVerificationToken" type="hidden" value="[^"]+"' <<<"$login" | head -n1 | sed -E 's/.*value="([^"]+)"/\1/')"
  curl -s -b "$ajar" -c "$ajar" -o /dev/null "${BASE[shop]}/account/login" --data-urlencode "__RequestVerificationToken=$token" \
    --data-urlencode "Input.Email=admin@bench.example" --data-urlencode "Input.Password=a long benchmark admin passphrase"
  ADMIN_AUTH="$(awk '$6 ~ /ShopWeb\.Auth|Antiforgery/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$ajar")"
  [[ "$ADMIN_AUTH" == *ShopWeb.Auth* ]] || fail "could not sign the admin in"
  # The variant grid comes with the admin part of issue 19: until it is there, its row is left out and said so.
  grid="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $ADMIN_AUTH" "${BASE[shop]}/admin/products/$BIG_ID/variants")"
  if [[ "$grid" != 200 ]]; then
    say "The admin's variant grid answered $grid: its row is left out of this run"
    GRID_NOTE="the admin's variant grid (\`/admin/products/{id}/variants\`) answered $grid in this build, so its row was not measured"
    SELECTED=(); for entry in "${ROWS[@]}"; do [[ "${entry%%|*}" == admin-grid-2048 ]] || SELECTED+=("$entry"); done; ROWS=("${SELECTED[@]}")
  fi
fi

# The fields of a row, and the wrk arguments of its visitor.
row() {
  IFS='|' read -r LABEL INST WHO URLPATH <<<"$1"; EXTRA=()
  case "$WHO" in user) EXTRA=(-H "Cookie: $AUTH") ;; admin) EXTRA=(-H "Cookie: $ADMIN_AUTH") ;; visitor) EXTRA=(-H "Cookie: $VISITOR") ;; esac
  true
}

# 6. Correctness before speed: a fast 404 or error page would make a meaningless benchmark.
for entry in "${ROWS[@]}"; do
  row "$entry"
  code="$(curl -s -o /dev/null -w '%{http_code}' "${EXTRA[@]}" "${BASE[$INST]}$URLPATH")"
  [[ "$code" == 200 ]] || fail "GET $URLPATH ($LABEL) answered $code, expected 200"
done
# The output cache adds an Age header to what it serves (the shop never sends one itself): the anonymous pages of
# the cached instance come from it; signed-in pages and the instances with the cache off never do.
for entry in "${ROWS[@]}"; do
  row "$entry"
  [[ "$LABEL" == static || "$INST" == identity || "$INST" == hello ]] && continue
  curl -s -o /dev/null "${EXTRA[@]}" "${BASE[$INST]}$URLPATH"
  if grep -qi '^age:' <<<"$(curl -s -o /dev/null -D - "${EXTRA[@]}" "${BASE[$INST]}$URLPATH")"; then cached=yes; else cached=no; fi
  expected=no; [[ "$INST" == shop && ( "$WHO" == anon || "$WHO" == visitor ) ]] && expected=yes
  hint=""; [[ "$INST" != shop ]] && hint=" (does the shop read OutputCache:Enabled, set to false here?)"
  [[ "$cached" == "$expected" ]] || fail "GET $URLPATH ($LABEL, ${DESCRIBE[$INST]}) from the output cache: $cached, expected $expected$hint"
done
# What a catalog page says it lists: "26 products, page 2 of 3", "10 products" when it has one page, "1,000+ products, page 2 of 84" past the search's count.
listing() { curl -s "$1" | grep -oE '[0-9,]+(\+|&#x2B;)? products(, page [0-9]+ of [0-9]+)?' | head -n1; }
SEARCH_NOTE="not measured in this run"; small_category=n/a; large_category=n/a
if [[ -z "${ONLY:-}" ]]; then
grep -q "Hello World" <<<"$(curl -s "${BASE[hello]}/")" || fail "the web template's / does not say Hello World"
large_all="$(listing "${BASE[big]}/products")"
# The shop writes counts with thousands separators ("100,000 products", Paging.Count).
[[ "$large_all" =~ ^([0-9,]+)\ products,\ page\ 1\ of ]] && [[ "${BASH_REMATCH[1]//,/}" == "$LARGE_CATALOG" ]] || fail "the large catalog lists '$large_all', expected $LARGE_CATALOG products"
# Search pages really page: with 66 products "e" has several pages; with the large catalog the measured search does.
small_e="$(listing "${BASE[shop]}/products?q=e&page=2")"
[[ "$small_e" == *", page 2 of "* ]] || fail "/products?q=e&page=2 with 66 products lists '$small_e', not page 2"
large_search="$(listing "${BASE[big]}$SEARCH")"
[[ "$large_search" == *", page 2 of "* ]] || fail "$SEARCH with $LARGE_CATALOG products lists '$large_search', not page 2"
small_search="$(listing "${BASE[shop]}$SEARCH")"
[[ -n "$small_search" && "$small_search" != "0 products"* ]] || fail "$SEARCH with 66 products finds nothing"
small_category="$(listing "${BASE[nocache]}$CATEGORY")"
large_category="$(listing "${BASE[big]}$CATEGORY")"
[[ -n "$small_category" && "$small_category" != "0 products"* ]] || fail "$CATEGORY with 66 products lists nothing"
[[ "$large_category" == *", page 1 of "* ]] || fail "$CATEGORY with $LARGE_CATALOG products lists '$large_category', not several pages"
# With 66 products the issue's search URL has no page 2: the shop answers with the last page there is.
if [[ "$small_search" == *", page 2 of "* ]]; then
  SEARCH_NOTE="with 66 products it lists $small_search"
else
  SEARCH_NOTE="with 66 products \"tea\" finds \"$small_search\" on one page, so page=2 shows that single page (the shop answers a page past the end with the last page); with $LARGE_CATALOG products: \"$large_search\""
fi
fi
# The variant rows show what they claim: the gloves in their sizes, the big product with its 2,048 choices.
if has_row product-variants; then
  grep -q "LEATHER-GARDENING-GLOVES\|M / Blue\|variantId" <<<"$(curl -s "${BASE[shop]}$VARIANT_PRODUCT")" || fail "$VARIANT_PRODUCT shows no variant"
fi
[[ "$(sqlite3 "$TMP/data-shop/shop.db" "SELECT count(*) FROM ProductVariants WHERE ProductId = $BIG_ID")" == 2048 ]] || fail "the big product has not 2,048 variants"
say "Checks passed. $SEARCH: $SEARCH_NOTE"

# 7. Warm-up: JIT, Razor compilation, EF Core query caches and the SQLite page cache.
say "Warming up ..."
# Twice, with a pause after each pass: .NET recompiles hot methods (tiered JIT) on a background thread, which a
# saturated machine starves; measured before it has caught up, a row would pay for the JIT in its CPU figure.
for pass in 1 2; do
  for entry in "${ROWS[@]}"; do
    row "$entry"
    wrk "-t$THREADS" "-c${CONNECTIONS[0]}" "-d$WARMUP" "--timeout" "$TIMEOUT" "${EXTRA[@]}" "${BASE[$INST]}$URLPATH" >/dev/null
  done
  sleep "${WARMUP_PAUSE:-5}"
done

# 8. Rounds, interleaved: every row at every connection count once per round, so a slow drift of the machine
#    (thermal, other load) hits every row alike. Per measurement the server's utime+stime (/proc/PID/stat, clock
#    ticks) before and after wrk gives its CPU per request, and VmRSS after the run its memory.
cpu_ticks() { local stat rest; stat="$(<"/proc/$1/stat")"; rest="${stat##*) }"; read -r -a f <<<"$rest"; echo $(( f[11] + f[12] )); }
rss_kb() { awk '$1 == "VmRSS:" {print $2}' "/proc/$1/status"; }
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$TMP/runs"; : >"$TMP/rounds"
for round in $(seq 1 "$ROUNDS"); do
  for conns in "${CONNECTIONS[@]}"; do
    for entry in "${ROWS[@]}"; do
      row "$entry"
      pid="${PID[$INST]}"
      before="$(cpu_ticks "$pid")"
      line="$(wrk "-t$THREADS" "-c$conns" "-d$DURATION" "--timeout" "$TIMEOUT" --latency -s "$BENCH_DIR/report.lua" "${EXTRA[@]}" "${BASE[$INST]}$URLPATH" | grep '^BENCH ')" \
        || fail "wrk printed no BENCH line for $LABEL"
      after="$(cpu_ticks "$pid")"
      rss="$(rss_kb "$pid")"
      read -r requests rps p50 p99 non2xx sockerr < <(sed -E 's/.*requests=([^ ]+) rps=([^ ]+) p50_ms=([^ ]+) p99_ms=([^ ]+) non2xx=([^ ]+) sockerr=([^ ]+).*/\1 \2 \3 \4 \5 \6/' <<<"$line")
      if ((requests > 0)); then
        cpu_us="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}')"
      else
        # Slow, not wrong: no response came back within DURATION, so there is no latency or CPU per request to give.
        cpu_us=nan; p50=nan; p99=nan
      fi
      rss_mb="$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')"
      echo "$LABEL $conns $rps $p50 $p99 $cpu_us $rss_mb $non2xx $sockerr $requests" >>"$TMP/runs"
      printf 'round %s  c%-3s %-19s requests=%s rps=%s p50_ms=%s p99_ms=%s cpu_us_per_req=%s rss_mb=%s non2xx=%s sockerr=%s\n' \
        "$round" "$conns" "$LABEL" "$requests" "$rps" "$p50" "$p99" "$cpu_us" "$rss_mb" "$non2xx" "$sockerr" | tee -a "$TMP/rounds"
    done
  done
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
has_row home-signed-in && { signed_in || { tail -n 20 "$TMP/shop.log"; fail "the shopper's cookie no longer signs in after the rounds: / answered $(cat "$TMP/signed-in.code")"; }; }
declare -A RSS_END=() HWM_END=()
for name in "${INSTANCES[@]}"; do
  RSS_END[$name]="$(awk '$1 == "VmRSS:" {printf "%.0f", $2 / 1024}' "/proc/${PID[$name]}/status")"
  HWM_END[$name]="$(awk '$1 == "VmHWM:" {printf "%.0f", $2 / 1024}' "/proc/${PID[$name]}/status")"
done

# 8b. The farm round (issue 12): the catalog and the checkout through nginx, with 1 and with 2 instances of the shop
#     on PostgreSQL and Redis, as deploy/farm.sh runs them. The single-machine apps are stopped first; both farms are
#     up at once and measured in turns, round after round. CPU per request is the sum over the farm's instances
#     (nginx, PostgreSQL and Redis are not counted). The checkout is bench/checkout.py: whole guest checkouts; card is
#     the same by card through the Test provider's hosted page ("Pay"), and the paid orders must equal the paid payments.
FARMS=(); FARM_ROUNDS="${FARM_ROUNDS:-$ROUNDS}"; FARM_CONNECTIONS="${FARM_CONNECTIONS:-64}"; CHECKOUT_GUESTS="${CHECKOUT_GUESTS:-16}"
CHECKOUT_PRODUCT=enamel-camping-mug
if [[ "${FARM_ROUND:-1}" == 1 ]]; then
  for name in "${INSTANCES[@]}"; do stop_app "$name"; done
  say "The farm round: starting a farm of 1 and one of 2 instances (deploy/farm.sh) ..."
  chmod o+x "$TMP"   # the farms' PostgreSQL runs as the postgres user, which must reach its folder below (traverse only)
  farm_password() { sed -n 's/^database=.*Password=\([^;]*\).*/\1/p' "$TMP/farm-$1.env"; } # the farm's PostgreSQL asks for it
  for n in 1 2; do
    FARMS+=("$n")
    # bench/checkout.py's guests all come from one address: their new carts are not limited (still counted).
    ( umask 077 && : >"$TMP/farm-$n.env" ) # it will hold the farm's PostgreSQL and Redis passwords: this user's alone
    env FARM_DIR="$TMP/farm-$n" FARM_INSTANCES="$n" FARM_APP="$OUT" Admin__Email=admin@bench.example \
      Admin__Password="a long benchmark admin passphrase" Identity__RequireConfirmedEmail=false \
      RateLimits__RequestsPerMinute=1000000000 \
      Carts__NewGuestCartsPerHour=1000000000 Payments__Provider=Test Payments__AllowTestProvider=true \
      "$REPO/deploy/farm.sh" up >"$TMP/farm-$n.env" 2>"$TMP/farm-$n.log" || { tail -n 30 "$TMP/farm-$n.log"; fail "deploy/farm.sh up ($n instances)"; }
    FARM_URL[$n]="$(sed -n 's/^url=//p' "$TMP/farm-$n.env")"
    command -v psql >/dev/null || fail "psql is not installed (Debian's postgresql-client)"
    # Stock enough for every checkout of the run, set in the farm's database (the setup, not a measurement).
    pg_port="$(sed -n 's/^database=.*Port=\([0-9]*\).*/\1/p' "$TMP/farm-$n.env")"
    PGPASSWORD="$(farm_password "$n")" psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d shopweb \
      -c "UPDATE \"ProductVariants\" SET \"Stock\" = 1000000 WHERE \"ProductId\" = (SELECT \"Id\" FROM \"Products\" WHERE \"Slug\" = '$CHECKOUT_PRODUCT')" >/dev/null || fail "setting the stock of the farm's $CHECKOUT_PRODUCT"
  done
  farm_sql() { PGPASSWORD="$(farm_password "$1")" psql -tA -h 127.0.0.1 -p "$(sed -n 's/^database=.*Port=\([0-9]*\).*/\1/p' "$TMP/farm-$1.env")" -U postgres -d shopweb -c "$2"; }
  farm_orders() { farm_sql "$1" 'SELECT count(*) FROM "Orders" WHERE "Payment" <> '"'Card'"; }
  # Card orders paid, and payments paid (each paid card order has exactly one: a second would be flagged, not paid).
  farm_card() { farm_sql "$1" 'SELECT (SELECT count(*) FROM "Orders" WHERE "Payment" = '"'Card'"' AND "Status" = '"'Paid'"') || '"' '"' || (SELECT count(*) FROM "Payments" WHERE "Status" = '"'Paid'"')'; }
  farm_ticks() { local pid sum=0; for pid in $(cat "$TMP/farm-$1"/instance-*.pid); do sum=$((sum + $(cpu_ticks "$pid"))); done; echo "$sum"; }
  farm_measure() { # farm kind round: one measurement, appended to $TMP/farm-runs
    local n="$1" kind="$2" before after line requests rps p50 p99 errs cpu_us
    before="$(farm_ticks "$n")"
    if [[ "$kind" == catalog ]]; then
      line="$(wrk "-t$THREADS" "-c$FARM_CONNECTIONS" "-d$DURATION" --timeout "$TIMEOUT" --latency -s "$BENCH_DIR/report.lua" "${FARM_URL[$n]}/products" | grep '^BENCH ')" \
        || fail "wrk printed no BENCH line for the farm's catalog"
      read -r requests rps p50 p99 errs < <(sed -E 's/.*requests=([^ ]+) rps=([^ ]+) p50_ms=([^ ]+) p99_ms=([^ ]+) non2xx=([^ ]+) sockerr=([^ ]+).*/\1 \2 \3 \4 \5+\6/' <<<"$line")
      errs=$((errs))
    else
      local method=PayOnDelivery; [[ "$kind" == card ]] && method=Card
      line="$(python3 "$BENCH_DIR/checkout.py" "${FARM_URL[$n]}" "$CHECKOUT_PRODUCT" "$CHECKOUT_GUESTS" "${DURATION%s}" "$method" | grep '^BENCH ')" \
        || fail "bench/checkout.py printed no BENCH line ($kind)"
      read -r requests rps p50 p99 errs < <(sed -E 's/.*checkouts=([^ ]+) rps=([^ ]+) p50_ms=([^ ]+) p99_ms=([^ ]+) errors=([^ ]+).*/\1 \2 \3 \4 \5/' <<<"$line")
    fi
    after="$(farm_ticks "$n")"
    cpu_us=nan; ((requests > 0)) && cpu_us="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v r="$requests" 'BEGIN {printf "%.1f", t * 1e6 / hz / r}')"
    echo "$kind-$n $rps $p50 $p99 $cpu_us $errs $requests" >>"$TMP/farm-runs"
    printf 'farm round %s  %s instance(s) %-8s requests=%s rps=%s p50_ms=%s p99_ms=%s cpu_us_per_req=%s errors=%s\n' \
      "$3" "$n" "$kind" "$requests" "$rps" "$p50" "$p99" "$cpu_us" "$errs" | tee -a "$TMP/rounds"
  }
  say "Farm warm-up ..."
  for n in "${FARMS[@]}"; do
    wrk -t"$THREADS" -c"$FARM_CONNECTIONS" -d"$WARMUP" "${FARM_URL[$n]}/products" >/dev/null
    python3 "$BENCH_DIR/checkout.py" "${FARM_URL[$n]}" "$CHECKOUT_PRODUCT" "$CHECKOUT_GUESTS" "${WARMUP%s}" >/dev/null
    python3 "$BENCH_DIR/checkout.py" "${FARM_URL[$n]}" "$CHECKOUT_PRODUCT" "$CHECKOUT_GUESTS" "${WARMUP%s}" Card >/dev/null
  done
  for n in "${FARMS[@]}"; do FARM_ORDERS_BEFORE[$n]="$(farm_orders "$n")"; FARM_CARD_BEFORE[$n]="$(farm_card "$n")"; done
  sleep "${WARMUP_PAUSE:-5}"
  : >"$TMP/farm-runs"
  for round in $(seq 1 "$FARM_ROUNDS"); do
    for n in "${FARMS[@]}"; do farm_measure "$n" catalog "$round"; farm_measure "$n" checkout "$round"; farm_measure "$n" card "$round"; done
  done
  # The orders the measured checkouts made, from the database, beside the checkouts the driver counted.
  for n in "${FARMS[@]}"; do FARM_ORDERS[$n]=$(( $(farm_orders "$n") - FARM_ORDERS_BEFORE[$n] )); done
  # Paid card orders and paid payments the card rounds added: equal, or a payment was lost or applied twice.
  for n in "${FARMS[@]}"; do
    read -r paid_before payments_before <<<"${FARM_CARD_BEFORE[$n]}"; read -r paid_after payments_after <<<"$(farm_card "$n")"
    FARM_PAID[$n]=$((paid_after - paid_before)); FARM_PAYMENTS[$n]=$((payments_after - payments_before))
    [[ "${FARM_PAID[$n]}" == "${FARM_PAYMENTS[$n]}" ]] \
      || fail "the $n-instance farm has ${FARM_PAID[$n]} more paid card orders but ${FARM_PAYMENTS[$n]} more paid payments"
  done
fi

# 9. Summary: medians damp one unlucky round; error counts are totals because any error fails the run.
# A measurement without a figure (nan) is left out of the median; a row with none at all shows n/a.
median() { { grep -v '^nan$' || true; } | sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "n/a"; else print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
col() { awk -v l="$1" -v c="$2" -v k="$3" '$1==l && $2==c {print $k}' "$TMP/runs"; }
declare -A RPS=() P50=() P99=() CPU=() RSS=() ERR=() FEW=()
failures=0
for conns in "${CONNECTIONS[@]}"; do
  for entry in "${ROWS[@]}"; do
    row "$entry"; k="$LABEL/$conns"
    RPS[$k]="$(col "$LABEL" "$conns" 3 | median)"; P50[$k]="$(col "$LABEL" "$conns" 4 | median)"
    P99[$k]="$(col "$LABEL" "$conns" 5 | median)"; CPU[$k]="$(col "$LABEL" "$conns" 6 | median)"
    RSS[$k]="$(col "$LABEL" "$conns" 7 | median)"
    ERR[$k]="$( (col "$LABEL" "$conns" 8; col "$LABEL" "$conns" 9) | awk '{s+=$1} END {print s+0}')"
    failures=$((failures + ${ERR[$k]}))
    # Fewer than 10 responses per connection: the CPU of the requests still in flight at the end is counted, their
    # responses are not, which overstates CPU per request by up to half a request per connection.
    FEW[$k]=""
    [[ "${CPU[$k]}" != n/a ]] && FEW[$k]="$(col "$LABEL" "$conns" 10 | median | awk -v c="$conns" '{print ($1 < 10 * c) ? "†" : ""}')"
  done
done
# printf of an awk expression; n/a when a figure is missing or the expression divides by zero. The parentheses keep
# a '>' from being read as a redirection.
calc() { [[ "$2" == *n/a* ]] && { echo n/a; return; }; awk "BEGIN {printf \"$1\", ($2)}" 2>/dev/null || echo n/a; }
cold_median() { tr ' ' '\n' <<<"${COLD[$1]}" | grep . | median; }
C="${CONNECTIONS[0]}"
target() { # text measured pass(0/1)
  local verdict=FAIL; [[ "$3" == 1 ]] && verdict=PASS
  TARGETS+=("| $1 | $2 | $verdict |"); [[ "$verdict" == PASS ]] && PASSED=$((PASSED + 1)); TOTAL=$((TOTAL + 1))
}
TARGETS=(); PASSED=0; TOTAL=0
url_of() { local e; for e in "${ROWS[@]}"; do row "$e"; [[ "$LABEL" == "$1" ]] && echo "$URLPATH"; done; }
# Issue 20: the anonymous pages the cache answers at least 1.5× the static file's req/s; issue 19's first-visit
# product pages (the cache's first answer per visitor) at least 0.8×.
for label in home catalog search product-variants-returning api-products product product-variants; do
  has_row "$label" || continue
  least=1.5; [[ "$label" == product || "$label" == product-variants ]] && least=0.8
  ratio="$(calc %.2f "${RPS[$label/$C]} / ${RPS[static/$C]}")"
  target "anonymous \`$(url_of "$label")\`: ≥ ${least}× the static file's req/s at $C connections" \
    "$(calc %.0f "${RPS[$label/$C]}") req/s = ${ratio}× static ($(calc %.0f "${RPS[static/$C]}")), p99 ${P99[$label/$C]} ms" \
    "$(calc %d "${RPS[$label/$C]} >= $least * ${RPS[static/$C]}")"
done
# Signed-in pages at the template's cost: CPU per request against the Identity template's `/` in the same run (CPU per
# request hardly depends on the connection count: the other count's figure is shown beside it).
C2="${CONNECTIONS[1]:-}"
for label in home-signed-in catalog-signed-in search-signed-in product-signed-in; do
  has_row "$label" && has_row identity-template || continue
  ratio="$(calc %.2f "${CPU[$label/$C]} / ${CPU[identity-template/$C]}")"
  target "\`$label\`: ≤ 1.5× the CPU per request of the Identity template's \`/\` and p99 ≤ 25 ms at $C connections" \
    "${CPU[$label/$C]} vs ${CPU[identity-template/$C]} µs = ${ratio}×${C2:+ (at $C2 connections: ${CPU[$label/$C2]} µs)}, p99 ${P99[$label/$C]} ms" \
    "$(calc %d "($ratio <= 1.5) && (${P99[$label/$C]} <= 25)")"
done
# The product with 2,048 variants and the admin's grid of them: targets of their own (bench/README.md says why).
if has_row product-2048; then
  target "anonymous \`$BIG_VARIANTS\` (2,048 variants, cached): p99 ≤ 25 ms at $C connections" \
    "$(calc %.0f "${RPS[product-2048/$C]}") req/s = $(calc %.2f "${RPS[product-2048/$C]} / ${RPS[static/$C]}")× static, p99 ${P99[product-2048/$C]} ms" \
    "$(calc %d "${P99[product-2048/$C]} <= 25")"
fi
if has_row product-2048-signed-in; then
  target "\`product-2048-signed-in\`: ≤ 5,000 µs CPU per request and p99 ≤ 250 ms at $C connections" "${CPU[product-2048-signed-in/$C]} µs, p99 ${P99[product-2048-signed-in/$C]} ms" \
    "$(calc %d "(${CPU[product-2048-signed-in/$C]} <= 5000) && (${P99[product-2048-signed-in/$C]} <= 250)")"
fi
if has_row admin-grid-2048; then
  target "\`admin-grid-2048\` (the grid's first page): ≤ 10,000 µs CPU per request and p99 ≤ 500 ms at $C connections" "${CPU[admin-grid-2048/$C]} µs, p99 ${P99[admin-grid-2048/$C]} ms" \
    "$(calc %d "(${CPU[admin-grid-2048/$C]} <= 10000) && (${P99[admin-grid-2048/$C]} <= 500)")"
fi
# A large catalog: the uncached search ("tea", 9,379 matches of 100,000) at most 3× its cost with 66 products, p99
# ≤ 50 ms; the category listing keeps issue 18's 2×.
for kind in search category; do
  has_row "$kind-large" || continue
  most=2; [[ "$kind" == search ]] && most=3
  ratio="$(calc %.2f "${CPU[$kind-large/$C]} / ${CPU[$kind-cache-off/$C]}")"
  other=""; [[ -n "$C2" ]] && other=" (at $C2 connections: ${CPU[$kind-large/$C2]} vs ${CPU[$kind-cache-off/$C2]} µs = $(calc %.2f "${CPU[$kind-large/$C2]} / ${CPU[$kind-cache-off/$C2]}")×)"
  if [[ "$kind" == search ]]; then
    target "uncached search with $LARGE_CATALOG products: ≤ 3× the CPU per request with 66, p99 ≤ 50 ms at $C connections" \
      "${CPU[$kind-large/$C]} vs ${CPU[$kind-cache-off/$C]} µs = ${ratio}×$other, p99 ${P99[$kind-large/$C]} ms" \
      "$(calc %d "($ratio <= 3) && (${P99[$kind-large/$C]} <= 50)")"
  else
    target "uncached $kind with $LARGE_CATALOG products: ≤ 2× the CPU per request with 66" \
      "${CPU[$kind-large/$C]} vs ${CPU[$kind-cache-off/$C]} µs = ${ratio}×$other" "$(calc %d "$ratio <= $most")"
  fi
done
if ((COLD_STARTS > 0)) && has_instance identity; then
shop_cold="$(cold_median shop)"; identity_cold="$(cold_median identity)"
target "ShopWeb's cold start (seeded store) ≤ 1.5× the Identity template's" \
  "$shop_cold ms vs $identity_cold ms = $(calc %.2f "$shop_cold / $identity_cold")× (medians of $COLD_STARTS)" \
  "$(calc %d "$shop_cold <= 1.5 * $identity_cold")"
fi
if has_instance shop && has_instance identity; then
ratio="$(calc %.2f "${RSS_END[shop]} / ${RSS_END[identity]}")"
target "ShopWeb's RSS after the run ≤ 1.3× the Identity template's" "${RSS_END[shop]} MB vs ${RSS_END[identity]} MB = ${ratio}×" \
  "$(calc %d "$ratio <= 1.3")"
fi

# The farm round's medians; its errors fail the run like any other.
fcol() { awk -v k="$1" -v c="$2" '$1==k {print $c}' "$TMP/farm-runs"; }
declare -A FRPS=() FP50=() FP99=() FCPU=() FERR=()
for n in "${FARMS[@]}"; do
  for kind in catalog checkout card; do
    k="$kind-$n"
    FRPS[$k]="$(fcol "$k" 2 | median)"; FP50[$k]="$(fcol "$k" 3 | median)"; FP99[$k]="$(fcol "$k" 4 | median)"
    FCPU[$k]="$(fcol "$k" 5 | median)"; FERR[$k]="$(fcol "$k" 6 | awk '{s+=$1} END {print s+0}')"
    failures=$((failures + ${FERR[$k]}))
  done
done
farm_report() {
  [[ ${#FARMS[@]} -gt 0 ]] || return 0
  echo
  echo "## The farm round (issue 12): through nginx, 1 and 2 instances"
  echo
  echo "\`deploy/farm.sh up\` twice (FARM_INSTANCES=1 and 2, the same published shop), each on its own throwaway PostgreSQL"
  echo "cluster and Redis, nginx in front; both farms up at once and measured in turns, $FARM_ROUNDS rounds, medians."
  echo "catalog = \`wrk -t$THREADS -c$FARM_CONNECTIONS -d$DURATION\` on \`/products\` (anonymous: the output cache, in Redis); checkout ="
  echo "\`bench/checkout.py\` with $CHECKOUT_GUESTS guests at once for $DURATION, each taking the product page, Add to cart, the checkout"
  echo "page and Place order (req/s = checkouts per second, latency per whole checkout); card = the same by card through the"
  echo "Test provider (Place order, then \"Pay\" on its hosted page and back to the shop, which must say the payment was received)."
  echo "CPU µs/req = the instances'"
  echo "utime+stime summed, per request (per checkout); nginx, PostgreSQL and Redis not counted. Everything on one"
  echo "$(nproc)-core machine, so a second instance adds no cores: the ratio shows what spreading costs or gains here, not"
  echo "what a second machine would."
  echo
  echo "| row | instances | req/s | × 1 instance | p50 ms | p99 ms | CPU µs/req | errors | checkouts counted / orders made (card: / paid card orders / paid payments) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  local n kind
  for kind in catalog checkout card; do
    for n in "${FARMS[@]}"; do
      local counted; counted="$(fcol "$kind-$n" 7 | awk '{s+=$1} END {print s+0}')"
      echo "| $kind | $n | ${FRPS[$kind-$n]} | $(calc %.2f "${FRPS[$kind-$n]} / ${FRPS[$kind-1]}") | ${FP50[$kind-$n]} | ${FP99[$kind-$n]} | ${FCPU[$kind-$n]} | ${FERR[$kind-$n]} | $(case $kind in checkout) echo "$counted / ${FARM_ORDERS[$n]}" ;; card) echo "$counted / ${FARM_PAID[$n]} / ${FARM_PAYMENTS[$n]}" ;; esac) |"
    done
  done
}

WRK_CMD="wrk -t$THREADS -c<connections> -d$DURATION --timeout $TIMEOUT --latency -s bench/report.lua [-H 'Cookie: ShopWeb.Auth=…; …Antiforgery…=…' for the signed-in rows] <url>"
table() { # the markdown table of one connection count
  local conns="$1" ratio
  echo "| row | app | URL | req/s | × static | p50 ms | p99 ms | CPU µs/req | RSS MB | errors |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for entry in "${ROWS[@]}"; do
    row "$entry"; k="$LABEL/$conns"
    ratio="$(calc %.2f "${RPS[$k]} / ${RPS[static/$conns]}")"
    echo "| $LABEL | ${DESCRIBE[$INST]} | \`$URLPATH\`$([[ "$WHO" == user ]] && echo " signed in") | $(calc %.0f "${RPS[$k]}") | $ratio | ${P50[$k]} | ${P99[$k]} | ${CPU[$k]}${FEW[$k]} | ${RSS[$k]} | ${ERR[$k]} |"
  done
}
report() {
  echo "# ShopWeb benchmark results"
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); the run took $(( ($(date +%s) - STARTED_AT) / 60 )) min $(( ($(date +%s) - STARTED_AT) % 60 )) s"
  echo "- Machine: nproc = $(nproc), $(awk '$1 == "MemTotal:" {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); apps and wrk on the same machine; load average (1, 5, 15 min) before the rounds: $LOAD_BEFORE, after: $LOAD_AFTER"
  echo "- Commit: $COMMIT; .NET SDK $SDK_VERSION; the Identity template's packages: $PEER_PACKAGES"
  echo "- Command: \`bench/run.sh\` with ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS TIMEOUT=$TIMEOUT CONNECTIONS=\"${CONNECTIONS[*]}\" COLD_STARTS=$COLD_STARTS LARGE_CATALOG=$LARGE_CATALOG"
  [[ -z "${NOTE:-}" ]] || echo "- Note: $NOTE"
  [[ -z "${ONLY:-}" ]] || echo "- Only the rows matching ONLY=\"$ONLY\" (and the static file) were measured"
  [[ -z "${GRID_NOTE:-}" ]] || echo "- Note: $GRID_NOTE"
  echo "- Each measurement: \`$WRK_CMD\`, after two $WARMUP warm-ups per row, each pass followed by a ${WARMUP_PAUSE:-5} s pause"
  echo
  echo "Medians of $ROUNDS interleaved rounds (every row at every connection count once per round). × static = the row's"
  echo "req/s divided by the static file's in the same table. CPU µs/req = the server process's utime+stime during the wrk"
  echo "run (\`/proc/PID/stat\`, CLK_TCK $CLK_TCK) divided by the requests wrk completed; RSS = VmRSS after the run. errors ="
  echo "non-2xx/3xx responses plus socket errors, summed over the rounds. The anonymous rows of \"ShopWeb, 66 products\""
  echo "come from the output cache; signed-in rows and the instances with the cache off render every request."
  echo "† = fewer than 10 responses per connection (median over the rounds): the CPU figure is overstated by up to"
  echo "connections / requests (about half that on average), since the CPU of the requests still in flight at the end is"
  echo "counted and they are not. A measurement in which no response came back within DURATION (nan below; not an error: the page is that"
  echo "slow at that concurrency) is left out of the row's medians; n/a = no measurement of the row had one."
  echo "\`$SEARCH\`: $SEARCH_NOTE. \`$CATEGORY\`: \"$small_category\" with 66 products, \"$large_category\" with $LARGE_CATALOG."
  for conns in "${CONNECTIONS[@]}"; do
    echo; echo "## $conns connections"; echo; table "$conns"
  done
  echo
  echo "## Cold start and memory"
  echo
  echo "Cold start = from spawning \`dotnet X.dll\` to the first 200 on \`/\` (polled every 20 ms), median of $COLD_STARTS starts"
  echo "interleaved over the apps; ShopWeb's on a store its first start seeded (that first start, on an empty store, seeding"
  echo "66 products: $FIRST_START_MS ms). RSS = VmRSS (peak: VmHWM) of each measured instance after all the rounds."
  echo
  echo "| app | cold start ms | starts ms | RSS after the run MB | peak RSS MB |"
  echo "|---|---:|---|---:|---:|"
  for name in "${INSTANCES[@]}"; do
    local cold="" starts=""
    [[ -n "${COLD[$name]:-}" ]] && cold="$(cold_median "$name")" && starts="${COLD[$name]% }"
    echo "| ${DESCRIBE[$name]} | $cold | $starts | ${RSS_END[$name]} | ${HWM_END[$name]} |"
  done
  echo
  echo "## Targets (issues 19 and 20), at $C connections"
  echo
  echo "$PASSED of $TOTAL met."
  echo
  echo "| target | measured | verdict |"
  echo "|---|---|---|"
  printf '%s\n' "${TARGETS[@]}"
  echo
  farm_report
  csv_report
  echo
  echo "## Every measurement, in the order taken"
  echo
  echo '```'; cat "$TMP/rounds"; echo '```'
}
# The catalog CSV round (issue 19): the LARGE_CATALOG-product shop's catalog exported by the command, then imported:
# unchanged (the preview, which must find nothing to add or change) and with every variant's stock changed (--apply,
# one transaction). Each step is timed from spawning `dotnet ShopWeb.dll catalog ...` to its exit, its start included.
declare -A CSV_MS=()
if has_instance big; then # an ONLY run without the large rows has no large store
say "Catalog CSV: export and import of the $LARGE_CATALOG-product catalog ..."
csv_step() { # step args...: runs `catalog args...` on the big shop's store; CSV_MS[step] = its time
  local step="$1" t0; shift; t0="$(date +%s%N)"
  shop_env "$TMP/data-big"
  (cd "$TMP/data-big" && env ASPNETCORE_ENVIRONMENT=Production HOME="$TMP/home" "${SHOP_ENV[@]}" dotnet "$OUT/ShopWeb.dll" catalog "$@") \
    >"$TMP/csv-$step.log" 2>&1 || { cat "$TMP/csv-$step.log"; fail "catalog $* failed"; }
  CSV_MS[$step]=$(( ($(date +%s%N) - t0) / 1000000 ))
  say "catalog $step: ${CSV_MS[$step]} ms: $(head -c 300 "$TMP/csv-$step.log")"
}
csv_step export export "$TMP/catalog.csv"
CSV_ROWS="$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))) - 1)' "$TMP/catalog.csv")"
csv_step preview import "$TMP/catalog.csv"
grep -q ": 0 to add, 0 to change, " "$TMP/csv-preview.log" || fail "the import of the export found something to change"
python3 - "$TMP/catalog.csv" "$TMP/catalog-changed.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as source, open(sys.argv[2], "w", encoding="utf-8", newline="") as target:
    rows, out = csv.reader(source), csv.writer(target, lineterminator="\r\n")
    header = next(rows); stock = header.index("stock"); out.writerow(header)
    for row in rows:
        row[stock] = str(int(row[stock]) + 1); out.writerow(row)
PY
csv_step apply import "$TMP/catalog-changed.csv" --apply
grep -qE "^Imported .*: [0-9,]+ rows: 0 added, [0-9,]+ changed" "$TMP/csv-apply.log" || fail "the changed catalog was not imported"
fi
csv_report() {
  [[ -n "${CSV_MS[apply]:-}" ]] || return 0
  echo
  echo "## The catalog CSV round (issue 19): $CSV_ROWS rows"
  echo
  echo "The $LARGE_CATALOG-product shop's catalog (one row per variant): \`catalog export\`, \`catalog import\` of that file"
  echo "(the preview: nothing to add or change) and \`catalog import --apply\` of a copy with every variant's stock changed"
  echo "(every row changed, in one transaction), each timed from spawning \`dotnet ShopWeb.dll\` to its exit (start included)."
  echo
  echo "| step | rows | seconds | rows/s |"
  echo "|---|---:|---:|---:|"
  local step
  for step in export preview apply; do
    echo "| $step | $CSV_ROWS | $(calc %.1f "${CSV_MS[$step]} / 1000") | $(calc %.0f "$CSV_ROWS * 1000 / ${CSV_MS[$step]}") |"
  done
}

# Taken before results.md is opened for writing, which would otherwise count as an uncommitted change.
COMMIT="$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$REPO" diff --quiet HEAD 2>/dev/null || echo ' (plus uncommitted changes)')"
[[ -n "${BENCH_REF:-}" ]] && COMMIT="the shop at $(git -C "$REPO" rev-parse --short "$BENCH_REF") (BENCH_REF=$BENCH_REF), measured by bench/run.sh of $COMMIT"
[[ -f "$TMP/publish.log" ]] || COMMIT="$COMMIT; the shop was not published by this run but reused from BENCH_OUT=$BENCH_OUT"
report >"$TMP/results.md"
echo
sed '/^## Every measurement/,$d' "$TMP/results.md"
cp "$TMP/results.md" "$RESULTS"
echo "Wrote $RESULTS"

if ((failures > 0)); then
  fail "$failures non-2xx/3xx responses or socket errors during the measurement"
fi
