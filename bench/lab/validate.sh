#!/usr/bin/env bash
# The policy lab's validation on the sandbox (issue 19): does a backtest predict what a policy does live?
#
#   bash bench/lab/validate.sh [--no-build] [all | month1 | month2 | report]
#   report: bench/results/policy-lab.md (LAB_REPORT=... elsewhere). The phases (steps 1-2, step 3, step 4) may run apart:
#   month 2 goes on from month 1's database and files in .state/lab.
#
# 1. Month 1: MONTH1_CUSTOMERS customers whose renewal fails in the payday mix (the sandbox's pm_sandbox_payday8 and
#    friends: recovery depends on when a retry is made), dunned live by the default policy on a test clock walked an hour at
#    a time; each step waits until Dunning has taken it in (settle-step.sh), so a retry is charged within the hour it was due.
# 2. Import month 1 from Dunning (lab.sh import --from-dunning) and backtest the default and the learned policy on it
#    (lab.sh backtest), saving the learned model.
# 3. Month 2: the scheduler restarted with that model, an experiment with two arms (the default policy; "Timing": "Learned"),
#    MONTH2_CUSTOMERS fresh customers of the same mix (another seed), dunned live the same way.
# 4. Compare each arm's actual recovery rate (the experiment report) with its predicted one.
#
# Runs on the drills' isolated ports (bench/drills/lib/env.sh; not at the same time as a drill), state in .state/lab.
set -uo pipefail
LAB_DIR="$(cd "$(dirname "$0")" && pwd)"
export DUNNING_STATE="${DUNNING_STATE:-$(cd "$LAB_DIR/../.." && pwd)/.state/lab}"
DRILL_DIR="$LAB_DIR/../drills"
source "$DRILL_DIR/lib/env.sh"
source "$DRILL_DIR/lib/system.sh"
source "$DRILL_DIR/lib/sampler.sh"
source "$DRILL_DIR/lib/faults.sh"
source "$DRILL_DIR/lib/session.sh"
source "$DRILL_DIR/lib/production.sh"
CLUSTER=0

BUILD=1; [ "${1:-}" = --no-build ] && { BUILD=0; shift; }
PHASE="${1:-all}"
case "$PHASE" in all | month1 | month2 | report) ;; *) echo "usage: $0 [--no-build] [all | month1 | month2 | report]" >&2; exit 2 ;; esac
MONTH1_CUSTOMERS="${MONTH1_CUSTOMERS:-3000}" MONTH2_CUSTOMERS="${MONTH2_CUSTOMERS:-4000}"
MONTH1_SEED="${MONTH1_SEED:-1901}" MONTH2_SEED="${MONTH2_SEED:-1902}"
# The default policy's window is 14 days: 16 days after the renewal month every case has ended.
DUNNING_DAYS="${LAB_DUNNING_DAYS:-16}"
REPORT="${LAB_REPORT:-$ROOT/bench/results/policy-lab.md}"
OUT="$STATE/lab-results"
LAB=(dotnet "$ROOT/tools/Dunning.PolicyLab/bin/Release/net10.0/Dunning.PolicyLab.dll")
SANDBOX_DLL="$ROOT/tools/Dunning.Sandbox/bin/Release/net10.0/Dunning.Sandbox.dll"
SCHEDULER="http://127.0.0.1:$SCHEDULER_PORT" METRICS="http://127.0.0.1:$METRICS_PORT"
export SANDBOX MGMT PG_PORT SCHEDULER API_KEY LAB_OUT="$OUT"
mkdir -p "$OUT"

# generate_month SEED CUSTOMERS: one month of payday-mix failures and their dunning, walked an hour at a time.
generate_month() { # an exported EXPERIMENT_ID reaches settle-step.sh
  log "month with seed $1: $2 customers, the renewal month and $DUNNING_DAYS days of dunning, an hour a step"
  dotnet "$SANDBOX_DLL" generate --customers "$2" --failure-rate 1 --mix payday --expiring-share 0 --seed "$1" \
    --speed 0 --signup-speed 0 --days 30 --dunning-days "$DUNNING_DAYS" --step-hours 1 \
    --after-step "bash '$LAB_DIR/settle-step.sh'" --sandbox-url "$SANDBOX" --api-key sk_test_lab >>"$LOGS/generator-$1.log" 2>&1 \
    || { log "the generator failed; last lines:"; tail -5 "$LOGS/generator-$1.log" >&2; return 1; }
}

# The walk's renewal month (settle-step.sh keeps it): its failures are the month's; the renewals after it that fail during the
# dunning days are not (their windows outlast the walk).
forget_renewal_month() { rm -f "$OUT"/renewal-*.env "$OUT"/frozen-*; }
read_renewal_month() { source "$(ls "$OUT"/renewal-*.env)"; }
month_cases_closed() {
  [ "$("${PSQL[@]}" -c "SELECT count(*) FROM scheduler.cases WHERE status = 'open' AND failed_at < to_timestamp($RENEWAL_TO)")" = 0 ]
}
arm_cases_closed() { [ "$("${PSQL[@]}" -c "SELECT count(*) FROM scheduler.cases WHERE status = 'open' AND arm IS NOT NULL")" = 0 ]; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

experiment_report() { curl -sf -H "X-Api-Key: $API_KEY" "$METRICS/api/experiments/$1/report?mode=test"; }
# The ledger has every case of the experiment: the report counts as many closed cases as the scheduler has in its arms.
report_complete() {
  local reported; reported=$(experiment_report "$1" | jq '[.arms[].cases] | add // 0') || return 1
  [ "$reported" = "$("${PSQL[@]}" -c "SELECT count(*) FROM scheduler.cases WHERE arm IS NOT NULL")" ]
}

# 1. Month 1 on the default policy, 2. its import and backtest.
run_month1() {
  DRILL_POLICY=production run_session 1 || return 1
  echo "RUN_FROM=$(date +%s) MONTH1_CODE=$(git -C "$ROOT" rev-parse --short HEAD)" >"$OUT/times.env"
  forget_renewal_month
  generate_month "$MONTH1_SEED" "$MONTH1_CUSTOMERS" || return 1
  read_renewal_month
  wait_for "every case of month 1's renewals closed" 600 month_cases_closed || return 1
  "${PSQL[@]}" -F ' ' -c "SELECT 'MONTH1_FAILURES=' || count(*), 'MONTH1_RECOVERED=' || count(*) FILTER (WHERE status = 'recovered')
    FROM scheduler.cases WHERE failed_at >= to_timestamp($RENEWAL_FROM) AND failed_at < to_timestamp($RENEWAL_TO)" >"$OUT/month1.env"
  echo "MONTH1_RENEWAL_FROM=$RENEWAL_FROM MONTH1_RENEWAL_TO=$RENEWAL_TO" >>"$OUT/month1.env"
  ConnectionStrings__DunningReadOnly="Host=127.0.0.1;Port=$PG_PORT;Database=dunning;Username=postgres" \
    "${LAB[@]}" import --from-dunning --out "$OUT/month1.jsonl" >"$OUT/import.log" 2>&1 || { cat "$OUT/import.log" >&2; return 1; }
  "${LAB[@]}" backtest --history "$OUT/month1.jsonl" --policy "$ROOT/bench/lab/policies/default.json" \
    --policy "$ROOT/bench/lab/policies/learned.json" --from "$(iso "$RENEWAL_FROM")" --to "$(iso "$RENEWAL_TO")" --save-model "$OUT/learned-model.zip" --json --seed 19 >"$OUT/backtest.json" \
    2>"$OUT/backtest.log" || { cat "$OUT/backtest.log" >&2; return 1; }
  log "backtest: $(jq -c '[.policies[] | {name, rate}]' "$OUT/backtest.json")"
  echo "MONTH1_TO=$(date +%s)" >>"$OUT/times.env"
}

# 3. Month 2: both policies live, as the arms of one experiment, on month 1's database (its month's cases all closed) and a new
# sandbox; the experiment is frozen at the renewal month's end (settle-step.sh), so its arms hold the month's failures only.
run_month2() {
  [ -f "$OUT/learned-model.zip" ] || { log "no month 1 yet: run $0 month1 first"; return 1; }
  echo "MONTH2_FROM=$(date +%s) MONTH2_CODE=$(git -C "$ROOT" rev-parse --short HEAD)" >>"$OUT/times.env"
  export_drill_settings; export_production_policy
  export RetryPolicy__LearnedModel="$OUT/learned-model.zip"
  fresh_rabbitmq
  start_sandbox || return 1
  start_all_services || return 1
  local experiment
  experiment=$(curl -sf -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' "$SCHEDULER/api/experiments" \
    -d '{"name": "policy lab validation: learned timing against the default schedule", "arms": [{"name": "default", "weight": 1,
      "control": true}, {"name": "learned", "weight": 1, "policy": {"Timing": "Learned"}}]}' | jq -r .id)
  [ -n "$experiment" ] && [ "$experiment" != null ] || { log "the experiment did not start"; return 1; }
  forget_renewal_month
  export EXPERIMENT_ID="$experiment"
  generate_month "$MONTH2_SEED" "$MONTH2_CUSTOMERS" || return 1
  unset EXPERIMENT_ID
  [ -f "$OUT/frozen-$experiment" ] || { log "the experiment was not frozen at the renewal month's end"; return 1; }
  wait_for "every case of the experiment closed" 600 arm_cases_closed || return 1
  wait_for "the experiment's report of every case" 300 report_complete "$experiment" || return 1
  experiment_report "$experiment" >"$OUT/experiment.json"
  echo "RUN_TO=$(date +%s)" >>"$OUT/times.env"
}

trap 'stop_session; stop_infrastructure_of_drills' EXIT
start_infrastructure || exit 1
if (( BUILD )) && [ "$PHASE" != report ]; then
  build_release || exit 1
  dotnet build "$ROOT/tools/Dunning.PolicyLab" -c Release -nologo -v quiet >>"$LOGS/build.log" 2>&1 || { tail -30 "$LOGS/build.log" >&2; exit 1; }
fi
case "$PHASE" in all | month1) run_month1 || exit 1 ;; esac
case "$PHASE" in all | month2) stop_session; run_month2 || exit 1 ;; esac
# 4. The report, once month 2 has run.
[ "$PHASE" = month1 ] && exit 0
source "$OUT/times.env"; source "$OUT/month1.env"
source "$LAB_DIR/report.sh"
write_lab_report >"$REPORT"
log "report: $REPORT"
