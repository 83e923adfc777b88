#!/usr/bin/env bash
# Load test of the queue and ticket pages at scale, logged in, with wrk on loopback.
#   bench/load.sh [sqlite|postgres] [tickets] [seconds]
# PostgreSQL: HELPDESK_BENCH_POSTGRES (admin connection string; default: the test server of ./test.sh on port 55432).
set -euo pipefail
cd "$(dirname "$0")/.."
provider="${1:-sqlite}"
tickets="${2:-100000}"
seconds="${3:-20}"
out="${BENCH_DIR:-${TMPDIR:-/tmp}/helpdesk-bench}"
port="${BENCH_PORT:-5090}"
mkdir -p "$out"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
dotnet build -c Release -v quiet -nologo Helpdesk.Web/Helpdesk.Web.csproj >/dev/null
dotnet build -c Release -v quiet -nologo bench/Helpdesk.Bench/Helpdesk.Bench.csproj >/dev/null

if [ "$provider" = postgres ]; then
  admin="${HELPDESK_BENCH_POSTGRES:-Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres;Database=postgres}"
  db="helpdesk_bench_${tickets}"
  host=$(sed -E 's/.*Host=([^;]+).*/\1/' <<<"$admin"); pgport=$(sed -E 's/.*Port=([^;]+).*/\1/' <<<"$admin")
  psql -h "$host" -p "$pgport" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1 \
    || psql -h "$host" -p "$pgport" -U postgres -c "CREATE DATABASE $db" >/dev/null
  export Database__Provider=Postgres
  export ConnectionStrings__Helpdesk="${admin/Database=postgres/Database=$db};Maximum Pool Size=50"
  data="$out/postgres-$tickets"
else
  data="$out/sqlite-$tickets"
  export Database__Provider=Sqlite
  export ConnectionStrings__Helpdesk="Data Source=$data/helpdesk.db"
fi
mkdir -p "$data"
export Storage__DataPath="$data" ASPNETCORE_ENVIRONMENT=Production Demo__SeedOnStart=false Logging__LogLevel__Default=Warning
# The API's per-token limit would cap the load test itself.
export Api__RequestsPerMinute=100000000

dotnet bench/Helpdesk.Bench/bin/Release/net10.0/Helpdesk.Bench.dll --tickets "$tickets" --provider "$Database__Provider" --connection "$ConnectionStrings__Helpdesk"
web=Helpdesk.Web/bin/Release/net10.0
(cd "$web" && dotnet Helpdesk.Web.dll create-admin --email bench@bench.example --password Bench-password-1 >/dev/null 2>&1 || true)

(cd "$web" && exec dotnet Helpdesk.Web.dll --urls "http://127.0.0.1:$port") > "$data/web.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

jar="$data/cookies"
rm -f "$jar"
token=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" | grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+')
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "Input.Email=bench@bench.example" --data-urlencode "Input.Password=Bench-password-1" \
  --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/login"
cookie=$(awk '$6 ~ /^helpdesk/ {printf "%s=%s; ", $6, $7}' "$jar")

run() {
  local name="$1"; shift
  echo "== $provider, $tickets tickets: $name"
  wrk -t2 -c"${BENCH_CONNECTIONS:-4}" -d"${seconds}s" -H "Cookie: $cookie" "$@" | grep -E "^requests/s|Non-2xx|Socket errors"
}
# A warm-up so that JIT and caches are not measured.
wrk -t1 -c2 -d3s -H "Cookie: $cookie" "http://127.0.0.1:$port/tickets?assignee=anyone" >/dev/null
# The bare /tickets only redirects to the user's view (a 302 in a few ms): measure the view itself.
run "queue (all unsolved, most urgent first)" -s bench/report.lua "http://127.0.0.1:$port/tickets?assignee=anyone"
run "queue (unassigned, by priority, page 3)" -s bench/report.lua "http://127.0.0.1:$port/tickets?assignee=unassigned&sort=priority&page=3"
run "queue (text search)" -s bench/report.lua "http://127.0.0.1:$port/tickets?q=invoice&status=all"
TICKETS="$tickets" run "ticket page (random ticket)" -s bench/ticket.lua "http://127.0.0.1:$port"
# The monthly SLA report of one organization for last month (what the job builds for each organization, and the portal shows).
last_month=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
run "monthly report (organization 1, $last_month)" -s bench/report.lua "http://127.0.0.1:$port/reports/monthly?organization=1&month=$last_month"
run "dashboard with availability (organization 1, last 30 days)" -s bench/report.lua "http://127.0.0.1:$port/reports?Organization=1"

# The REST API with a personal token made on the settings page, as a user makes one.
settings=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/settings")
form_token=$(grep -oP 'name="__RequestVerificationToken" type="hidden" value="\K[^"]+' <<<"$settings" | head -1)
api_token=$(curl -s -c "$jar" -b "$jar" --data-urlencode "Token.Name=bench" --data-urlencode "Token.Scope=Read" --data-urlencode "Token.Days=1" \
  --data-urlencode "__RequestVerificationToken=$form_token" "http://127.0.0.1:$port/account/tokens" | grep -oP 'id="token-secret">\K[^<]+')
api() {
  local name="$1"; shift
  echo "== $provider, $tickets tickets: $name"
  wrk -t2 -c"${BENCH_CONNECTIONS:-4}" -d"${seconds}s" -H "Authorization: Bearer $api_token" "$@" | grep -E "^requests/s|Non-2xx|Socket errors"
}
api "API list (all statuses, newest 25)" -s bench/report.lua "http://127.0.0.1:$port/api/v1/tickets?status=all&limit=25"
api "API list (unsolved, a page deep in the cursor)" -s bench/report.lua "http://127.0.0.1:$port/api/v1/tickets?cursor=$((tickets / 2))&limit=100"
TICKETS="$tickets" api "API read (random ticket)" -s bench/api-ticket.lua "http://127.0.0.1:$port"

# The SLA simulator over the same data: every ticket of the last 90 days and of the year, replayed under an office-hours
# policy and under a draft with its targets halved.
for days in 90 365; do
  echo "== $provider, $tickets tickets: SLA simulation, tickets created in the last $days days"
  dotnet bench/Helpdesk.Bench/bin/Release/net10.0/Helpdesk.Bench.dll simulate --days "$days" --provider "$Database__Provider" --connection "$ConnectionStrings__Helpdesk"
done
