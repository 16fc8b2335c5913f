#!/usr/bin/env bash
# System drills (issue 8): the whole pipeline on its own isolated infrastructure, under load and under faults,
# with the invariants checked against the sandbox's record and the SMTP server after every drill.
#
#   bash bench/drills/run.sh [--quick] [--repeats N] [--no-multi] [--no-build] [--no-burst] [--only "FAULT..."] [--report-only]
#
# --quick: lighter load, each fault once (the committed report). --only: just these faults (e.g. "postgres rabbitmq"),
# in a fresh single-instance session; other drills' results are kept. --report-only: rewrite the report from the results.
#
# Writes bench/results/drills.md. Everything runs on drill ports (PostgreSQL 15432, RabbitMQ 15673/15674,
# maildev 11025/11080, services 15080-15083 (+10 for second instances), sandbox 22111), state in .state/drills;
# everything it starts is stopped at the end, by recorded pid.
set -uo pipefail
DRILL_DIR="$(cd "$(dirname "$0")" && pwd)"
source "$DRILL_DIR/lib/env.sh"
source "$DRILL_DIR/lib/system.sh"
source "$DRILL_DIR/lib/sampler.sh"
source "$DRILL_DIR/lib/checks.sh"
source "$DRILL_DIR/lib/load.sh"
source "$DRILL_DIR/lib/faults.sh"
source "$DRILL_DIR/lib/session.sh"
source "$DRILL_DIR/lib/report.sh"
source "$DRILL_DIR/lib/burst.sh"

QUICK=0 REPEATS=3 MULTI=1 BUILD=1 BURST=1 REPORT_ONLY=0 ONLY=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --repeats) REPEATS="$2"; shift ;;
    --no-multi) MULTI=0 ;;
    --no-build) BUILD=0 ;;
    --no-burst) BURST=0 ;;
    --report-only) REPORT_ONLY=1 ;;
    --only) ONLY="$2"; MULTI=0; BURST=0; shift ;;
    *) echo "usage: $0 [--quick] [--repeats N] [--no-multi] [--no-build] [--no-burst] [--only \"FAULT...\"] [--report-only]" >&2; exit 2 ;;
  esac
  shift
done
if (( QUICK )); then REPEATS=1; fi
# Load shape: CUSTOMERS sign up (a working card), then a renewal month of DAYS days at SPEED s/day;
# FAILURE_RATE of the renewals fail. The fault starts FAULT_AT s into the renewal month and lasts FAULT_SECONDS.
GENERATORS="${GENERATORS:-2}"
CUSTOMERS="${CUSTOMERS:-$( ((QUICK)) && echo 120 || echo 300)}"
FAILURE_RATE="${FAILURE_RATE:-0.3}" DAYS="${DAYS:-30}"
SPEED="${SPEED:-$( ((QUICK)) && echo 0.7 || echo 1.5)}"
FAULT_AT="${FAULT_AT:-5}" FAULT_SECONDS="${FAULT_SECONDS:-$( ((QUICK)) && echo 15 || echo 20)}"
SETTLE_SECONDS="${SETTLE_SECONDS:-300}"

export_drill_settings
if (( REPORT_ONLY )); then source "$RESULTS/shape.env"; write_report >"$ROOT/bench/results/drills.md"; exit 0; fi
trap 'stop_session; stop_infrastructure_of_drills' EXIT
if [ -z "$ONLY" ]; then
  rm -rf "$RESULTS"/i*-* "$RESULTS/burst"
  printf 'QUICK=%s REPEATS=%s MULTI=%s BURST=%s GENERATORS=%s CUSTOMERS=%s SPEED=%s FAULT_AT=%s FAULT_SECONDS=%s RUN_AT="%s"\n' \
    "$QUICK" "$REPEATS" "$MULTI" "$BURST" "$GENERATORS" "$CUSTOMERS" "$SPEED" "$FAULT_AT" "$FAULT_SECONDS" "$(date -u '+%Y-%m-%d %H:%M UTC')" >"$RESULTS/shape.env"
fi
start_infrastructure || exit 1
if (( BUILD )); then build_release || exit 1; fi

FAULTS=(kill:billing-webhook kill:retry-scheduler kill:notification kill:metrics rabbitmq postgres smtp
        sandbox:status429 sandbox:status500 sandbox:hang)
SEED=1000
if [ -n "$ONLY" ]; then read -r -a FAULTS <<<"$ONLY"; SEED=$(( $(date +%s) % 100000 + 2000 )); fi
run_session 1 || exit 1
[ -n "$ONLY" ] || run_drill load 1
for fault in "${FAULTS[@]}"; do
  for r in $(seq 1 "$REPEATS"); do run_drill "$fault" "$r"; done
done
if (( MULTI )); then
  run_session 2 || exit 1
  run_drill load 1
  for fault in kill:billing-webhook kill:retry-scheduler rabbitmq; do run_drill "$fault" 1; done
fi
if (( BURST )); then run_burst; fi
write_report >"$ROOT/bench/results/drills.md"
log "report: bench/results/drills.md"
