#!/usr/bin/env bash
# The one test command: installs what the tests need when it is missing, then runs every test project of the
# solution, runs the integration suite again on a throwaway PostgreSQL cluster (deploy/postgres.sh), runs the E2E
# suite again against the farm (deploy/farm.sh: two instances behind nginx), prints a summary with every failed
# test, and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"

# --- Chromium for the end-to-end tests (ShopWeb.E2E) ---
chromium="${SHOPWEB_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ] && [ -z "${SHOPWEB_CHROMIUM:-}" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "test.sh: $chromium is missing; installing Debian's chromium package"
  apt-get update -q -o DPkg::Lock::Timeout=900 \
    && apt-get install -y -q -o DPkg::Lock::Timeout=900 chromium
fi
if [ ! -x "$chromium" ]; then
  echo "test.sh: Chromium not found at $chromium." >&2
  echo "test.sh: install Debian's 'chromium' package (as root: apt-get install chromium)," >&2
  echo "test.sh: or set SHOPWEB_CHROMIUM to the path of another Chromium binary." >&2
  exit 2
fi

# --- Redis for the tests of several instances sharing state (ShopWeb.Tests/Scaling) ---
if ! command -v redis-server >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "test.sh: redis-server is missing; installing Debian's redis-server package"
  apt-get update -q -o DPkg::Lock::Timeout=900 \
    && apt-get install -y -q -o DPkg::Lock::Timeout=900 redis-server
fi
if ! command -v redis-server >/dev/null; then
  echo "test.sh: redis-server not found: install Debian's 'redis-server' package (as root: apt-get install redis-server)." >&2
  exit 2
fi

# --- Build once, then run every test project of the solution ---
dotnet tool restore || exit 1
dotnet build ShopWeb.sln --nologo -v quiet || { echo "test.sh: the build failed" >&2; exit 1; }

# --- The API's committed OpenAPI document (ShopWeb/Api/openapi-v1.json) lints clean: @redocly/cli, pinned in tools/openapi-lint ---
if (cd tools/openapi-lint && npm ci --no-audit --no-fund --loglevel=error && npm run -s lint); then
  lint_status=0; echo "test.sh: the OpenAPI document lints clean"
else
  lint_status=1; echo "test.sh: the OpenAPI document does not lint clean (tools/openapi-lint)" >&2
fi

results="TestResults/trx"
rm -rf "$results"
# One published shop for every farm deploy/farm.sh starts below (FarmTests, then the E2E suite on the farm).
published=$(mktemp -d)
trap 'rm -rf "$published"' EXIT
dotnet publish ShopWeb/ShopWeb.csproj -c Release -o "$published/app" --artifacts-path "$published/artifacts" -nologo -v quiet \
  || { echo "test.sh: publishing the shop failed" >&2; exit 1; }
export SHOPWEB_FARM_APP="$published/app"
export SHOPWEB_TEST_SCRATCH="$published" # removed at exit, whatever ends the test hosts
# SHOPWEB_TEST_FARM=1: ShopWeb.Tests/Scaling/FarmTests runs deploy/farm.sh (PostgreSQL, Redis, two instances, nginx).
SHOPWEB_TEST_FARM=1 dotnet test ShopWeb.sln --no-build --nologo --results-directory "$results" --logger "trx" --logger "console;verbosity=normal"
status=$?

# --- The integration suite once more, on PostgreSQL: a throwaway cluster, started here and stopped afterwards ---
postgres_env=$(deploy/postgres.sh start) || { echo "test.sh: could not start PostgreSQL (deploy/postgres.sh)" >&2; exit 1; }
postgres_folder=$(sed -n 's/^folder=//p' <<<"$postgres_env")
trap 'deploy/postgres.sh stop "$postgres_folder"; rm -rf "$published"' EXIT
echo "test.sh: ShopWeb.Tests on PostgreSQL ($(sed -n 's/^database=//p' <<<"$postgres_env" | sed 's/Password=[^;]*/Password=…/'))"
# Left out: the farm's tests (the farm is on PostgreSQL already) and StartupValidationTests, whose shops are refused
# before any store is opened or are given a SQLite file of their own whatever the pass: they would run twice as they are.
SHOPWEB_TEST_POSTGRES=$(sed -n 's/^database=//p' <<<"$postgres_env") \
  dotnet test ShopWeb.Tests --no-build --nologo --results-directory "$results" \
    --filter "FullyQualifiedName!~FarmTests&FullyQualifiedName!~FarmOperationsTests&FullyQualifiedName!~Configuration.StartupValidationTests" \
    --logger "trx;LogFileName=ShopWeb.Tests.postgres.trx" --logger "console;verbosity=normal"
postgres_status=$?
[ "$status" -eq 0 ] && status=$postgres_status

# --- The E2E suite once more, against the farm: nginx in front of two instances on PostgreSQL and Redis ---
echo "test.sh: ShopWeb.E2E against the farm (deploy/farm.sh, 2 instances behind nginx)"
SHOPWEB_TEST_FARM=1 SHOPWEB_E2E_FARM=1 \
  dotnet test ShopWeb.E2E --no-build --nologo --results-directory "$results" \
    --logger "trx;LogFileName=ShopWeb.E2E.farm.trx" --logger "console;verbosity=normal"
farm_status=$?
[ "$status" -eq 0 ] && status=$farm_status

# --- Summary over every project's TRX file ---
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo
echo "Summary: $passed passed, $failed failed, $skipped skipped"
# Each failed test by name, with the run it failed in and the first lines of its message and stack, so that a failure
# reads from the end of the log alone (a CI log is often kept only as its tail).
if ! command -v python3 >/dev/null; then
  for trx in "$results"/*.trx; do # the names alone, without python3
    [ -e "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/  failed: \1/p'
  done
else python3 - "$results" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in sorted(glob.glob(os.path.join(sys.argv[1], "*.trx"))):
    run = os.path.basename(trx)[:-4]
    for result in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        print(f"  failed: {result.get('testName')} ({run})")
        for part, lines in (("Message", 8), ("StackTrace", 4)):
            text = result.findtext(f"t:Output/t:ErrorInfo/t:{part}", default="", namespaces=ns).strip().splitlines()
            for line in text[:lines]:
                print(f"    {line.strip()[:300]}")
PY
fi
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
[ "$status" -eq 0 ] && status=$lint_status
exit "$status"
