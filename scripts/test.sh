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
# deploy/kubernetes is rendered offline with `kubectl kustomize`, from Debian's kubernetes-client (no cluster is asked).
command -v kubectl >/dev/null 2>&1 || apt_install kubernetes-client
# docker-compose.yml's cluster profile mounts an HAProxy configuration, checked with `haproxy -c` (nothing is started).
command -v haproxy >/dev/null 2>&1 || apt_install haproxy
export MASSTRANSIT_USAGE_TELEMETRY=false DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$STATE/test-results"
rm -rf "$results"
status=0
run_tests() { # RESULTS-DIR [dotnet test arguments...]
  local dir="$1"; shift
  dotnet test "$ROOT/Dunning.sln" --logger "trx" --logger "console;verbosity=normal" --results-directory "$dir" "$@" || status=$?
}
# "N passed, N failed, N skipped" over the .trx files of the given folders.
count_results() {
  local passed=0 failed=0 skipped=0 trx counters p f t e
  for trx in "$@"; do
    [ -f "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  done
  echo "$passed passed, $failed failed, $skipped skipped"
}
# The failed tests' names and the first line of each one's message, so the last lines of a log name what failed.
list_failures() {
  awk '
    /<UnitTestResult / { failed = ($0 ~ /outcome="Failed"/); if (failed) { name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name) } }
    failed && /<Message>/ { message = $0; sub(/.*<Message>/, "", message); sub(/<\/Message>.*/, "", message)
                            print "FAILED " name ": " substr(message, 1, 300); failed = 0 }
  ' "$@" 2>/dev/null || true
}

# The forged-input suite (tests marked [Trait("Suite", "ForgedInput")]: markup, formulas, huge ranges, bad timestamps, a bad
# outbox row, forged ledger fields) runs as its own pass, so its result gets a line of its own; every test still runs once.
# A --filter of the caller's runs as given, in one pass.
if [[ " $* " == *" --filter"* ]]; then
  run_tests "$results/all" "$@"
else
  run_tests "$results/all" --filter "Suite!=ForgedInput" "$@"
  run_tests "$results/forged-input" --no-build --filter "Suite=ForgedInput" "$@"
  echo "forged-input suite: $(count_results "$results"/forged-input/*.trx)"
fi

# One closing line over every test project and pass.
list_failures "$results"/*/*.trx
echo "tests: $(count_results "$results"/*/*.trx)"
exit $status
