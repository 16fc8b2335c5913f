#!/usr/bin/env bash
# System drills (issue 8): the whole pipeline on its own isolated infrastructure, under load and under faults,
# with the invariants checked against the sandbox's record and the SMTP server after every drill.
#
#   bash bench/drills/run.sh [--quick] [--repeats N] [--no-multi] [--rate N] [--burst] [--no-build] [--only "FAULT..."] [--report-only]
#   bash bench/drills/run.sh --cluster [--repeats N] [--no-build] [--only "FAULT..."]: the cluster drills (lib/cluster.sh),
#   report in bench/results/drills-cluster.md
#
# Default (the committed report): a load drill, three rate drills offering --rate events/s (default 1000; 0 = none): live,
# the generators paced alongside the system; held, the same month generated first with the sandbox's deliveries held,
# then released at that rate; and held-stress, held at the fault drills' failure rate (see run_rate_drill); the production
# drill, the production retry policy and cadence on test clocks walking the dunning window (lib/production.sh; --only production);
# every fault 3x with one instance of every service, then load + three faults with two instances. Each fault type runs in a
# fresh session (database, queues, mailbox, sandbox), so its three repeats share one and nothing carries over.
# --quick: each fault once. --only: just these faults (e.g. "postgres rabbitmq", or "rate rate:held rate:held-stress"); other drills' results are kept.
# --burst: also post signed events straight to the webhook (bench/webhook's load tool). --report-only: rewrite the report.
#
# Writes bench/results/drills.md. Everything runs on drill ports (PostgreSQL 15432, RabbitMQ 15673/15674,
# maildev 11025/11080, services 15080-15083 (+10 for second instances), sandbox 22111), state in .state/drills;
# everything it starts is stopped at the end, by recorded pid.
set -uo pipefail
DRILL_DIR="$(cd "$(dirname "$0")" && pwd)"
CLUSTER=0; for arg in "$@"; do [ "$arg" = --cluster ] && CLUSTER=1; done
# --cluster: the cluster drills (lib/cluster.sh), on a state folder of their own.
if (( CLUSTER )); then export DUNNING_STATE="${DUNNING_STATE:-$(cd "$DRILL_DIR/../.." && pwd)/.state/drills-cluster}"; fi
source "$DRILL_DIR/lib/env.sh"
source "$DRILL_DIR/lib/system.sh"
source "$DRILL_DIR/lib/sampler.sh"
source "$DRILL_DIR/lib/checks.sh"
source "$DRILL_DIR/lib/load.sh"
source "$DRILL_DIR/lib/faults.sh"
source "$DRILL_DIR/lib/session.sh"
source "$DRILL_DIR/lib/report.sh"
source "$DRILL_DIR/lib/burst.sh"
source "$DRILL_DIR/lib/production.sh"
if (( CLUSTER )); then source "$DRILL_DIR/lib/cluster.sh"; fi

QUICK=0 REPEATS=3 MULTI=1 BUILD=1 BURST=0 REPORT_ONLY=0 ONLY="" RATE=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --repeats) REPEATS="$2"; shift ;;
    --no-multi) MULTI=0 ;;
    --no-build) BUILD=0 ;;
    --burst) BURST=1 ;;
    --rate) RATE="$2"; shift ;;
    --report-only) REPORT_ONLY=1 ;;
    --only) ONLY="$2"; MULTI=0; BURST=0; shift ;;
    --cluster) ;;
    *) echo "usage: $0 [--quick] [--repeats N] [--no-multi] [--rate N] [--burst] [--no-build] [--only \"FAULT...\"] [--report-only]" >&2; exit 2 ;;
  esac
  shift
done
if (( QUICK )); then REPEATS=1; fi
# Load shape: CUSTOMERS sign up (a working card) per generator, then a renewal month of DAYS days at SPEED s/day;
# FAILURE_RATE of the renewals fail. The fault starts FAULT_AT s into the renewal month and lasts FAULT_SECONDS.
# Kept short so that 3 repeats of every fault fit in about 45 minutes: the runner's time matters more than the count.
GENERATORS="${GENERATORS:-2}" CUSTOMERS="${CUSTOMERS:-40}"
# DAYS stays 30: the subscriptions are monthly, so a shorter walk would end before the renewals fall due.
FAILURE_RATE="${FAILURE_RATE:-0.3}" DAYS="${DAYS:-30}" SPEED="${SPEED:-0.4}"
STRESS_FAILURE_RATE="$FAILURE_RATE" # the held-stress rate drill's (the rate drills' own: RATE_FAILURE_RATE, lib/session.sh)
FAULT_AT="${FAULT_AT:-3}" FAULT_SECONDS="${FAULT_SECONDS:-10}"
SETTLE_SECONDS="${SETTLE_SECONDS:-300}"
# The rate drill's load (see run_rate_drill): more generators and customers, renewal days paced to offer RATE events/s.
# 4 x 1,000 customers: ~100,000 events over ~80 s of load (sign-ups as fast as the generators go, then the renewal month),
# longer than the ~50 s tail of retries that follows every failure — with 4 x 150 the load lasted ~9 s and every rate
# figure measured mostly that tail.
RATE_GENERATORS="${RATE_GENERATORS:-4}" RATE_CUSTOMERS="${RATE_CUSTOMERS:-1000}"

# DRILL_REPORT: write the report elsewhere (a run on its own DUNNING_STATE holds only its own drills' results).
REPORT="${DRILL_REPORT:-$ROOT/bench/results/drills.md}"
export_drill_settings
if (( CLUSTER )); then run_cluster_drills; exit $?; fi
if (( REPORT_ONLY )); then source "$RESULTS/shape.env"; write_report >"$REPORT"; exit 0; fi
trap 'stop_session; stop_infrastructure_of_drills' EXIT
if [ -z "$ONLY" ]; then
  rm -rf "$RESULTS"/i*-* "$RESULTS/burst"
  printf 'QUICK=%s REPEATS=%s MULTI=%s BURST=%s RATE=%s GENERATORS=%s CUSTOMERS=%s DAYS=%s SPEED=%s FAULT_AT=%s FAULT_SECONDS=%s RATE_GENERATORS=%s RATE_CUSTOMERS=%s RATE_FAILURE_RATE=%s RUN_AT="%s" RUN_FROM=%s\n' \
    "$QUICK" "$REPEATS" "$MULTI" "$BURST" "$RATE" "$GENERATORS" "$CUSTOMERS" "$DAYS" "$SPEED" "$FAULT_AT" "$FAULT_SECONDS" "$RATE_GENERATORS" "$RATE_CUSTOMERS" "$RATE_FAILURE_RATE" \
    "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(date +%s)" >"$RESULTS/shape.env"
fi
start_infrastructure || exit 1
if (( BUILD )); then build_release || exit 1; fi

FAULTS=(kill:billing-webhook kill:retry-scheduler kill:notification kill:metrics rabbitmq postgres smtp smtp:late
        sandbox:status429 sandbox:status500 sandbox:hang)
SEED=1000
if [ -n "$ONLY" ]; then read -r -a FAULTS <<<"$ONLY"; SEED=$(( $(date +%s) % 100000 + 2000 )); fi
if [ -z "$ONLY" ]; then run_session 1 || exit 1; run_drill load 1; fi
if [ -z "$ONLY" ] && (( RATE > 0 )); then
  run_session 1 || exit 1; run_rate_drill
  run_session 1 || exit 1; run_rate_drill held
  run_session 1 || exit 1; run_rate_drill held-stress
fi
if [ -z "$ONLY" ]; then run_production_drill || exit 1; fi
for fault in "${FAULTS[@]}"; do
  if [ "$fault" = production ]; then run_production_drill || exit 1; continue; fi
  SLOW_SMTP=0; [ "$fault" = smtp:late ] && SLOW_SMTP=1 # its session sends through the slow SMTP relay (lib/faults.sh)
  run_session 1 || exit 1
  if [ "$fault" = rate ]; then run_rate_drill; continue; fi
  if [[ $fault == rate:held* ]]; then run_rate_drill "${fault#rate:}"; continue; fi
  for r in $(seq 1 "$REPEATS"); do run_drill "$fault" "$r"; done
done
SLOW_SMTP=0
if (( MULTI )); then
  run_session 2 || exit 1
  run_drill load 1
  for fault in kill:billing-webhook kill:retry-scheduler rabbitmq; do run_drill "$fault" 1; done
fi
if (( BURST )); then run_burst; fi
[ -n "$ONLY" ] || echo "RUN_TO=$(date +%s) RUN_LOADAVG=\"$(cut -d' ' -f1-3 /proc/loadavg)\"" >>"$RESULTS/shape.env"
[ -f "$RESULTS/shape.env" ] && source "$RESULTS/shape.env" # an --only run on fresh state has no earlier shape
write_report >"$REPORT"
log "report: $REPORT"
