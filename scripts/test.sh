#!/usr/bin/env bash
# Starts the infrastructure the tests need (PostgreSQL, RabbitMQ, maildev), then runs every test.
# Exit status is the tests' status.
set -euo pipefail
source "$(dirname "$0")/infra.sh"

start_infrastructure
# The compose file is validated offline by a test, with Debian's docker-compose (v1).
command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
# The dashboard is tested in a real headless browser: Debian's Chromium.
[ -x /usr/bin/chromium ] || apt_install chromium
# The Prometheus alert rules are tested with promtool, from Debian's prometheus package (nothing is started).
command -v promtool >/dev/null 2>&1 || apt_install prometheus
export MASSTRANSIT_USAGE_TELEMETRY=false DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$STATE/test-results"
rm -rf "$results"
status=0
dotnet test "$ROOT/Dunning.sln" --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

# One closing line over every test project: "N passed, N failed, N skipped".
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
