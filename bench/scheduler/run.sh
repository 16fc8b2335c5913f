#!/usr/bin/env bash
# Scheduler benchmark: (1) picking a batch of due cases among 1,000,000 open ones, against a raw indexed read;
# (2) the real scheduler process paying due invoices through a Stripe stand-in answering in ~50 ms with Stripe's
# 25/s test-mode limit: 429s, busiest second, lag between next_attempt_at and the call, resident memory.
# Needs the running PostgreSQL/RabbitMQ (scripts/up.sh) and a built services/Dunning.RetryScheduler.
# Usage: bench/scheduler/run.sh [report path]   (default bench/results/scheduler.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
REPORT=${1:-bench/results/scheduler.md}
source bench/shipped-logging.sh
echo "$SHIPPED_LOGGING_LINE"
PG="-h 127.0.0.1 -U postgres"
DB=bench_scheduler_$$
VHOST=bench-scheduler-$$
WORK=$(mktemp -d)
STUB_PORT=12191
API_PORT=5191
RATE=25
DLL=services/Dunning.RetryScheduler/bin/Debug/net10.0/Dunning.RetryScheduler.dll
[ -f "$DLL" ] || dotnet build services/Dunning.RetryScheduler -p:BuildProjectReferences=false >/dev/null
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  psql $PG -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  curl -s -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

psql $PG -qc "CREATE DATABASE $DB"
curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null
curl -sf -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' \
  "http://127.0.0.1:15672/api/permissions/$VHOST/guest" >/dev/null

start_scheduler() {
  ConnectionStrings__Postgres="Host=127.0.0.1;Username=postgres;Database=$DB" RabbitMq__VirtualHost="$VHOST" \
  Stripe__ApiBase="http://127.0.0.1:$STUB_PORT" Stripe__RequestsPerSecond=$RATE ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" \
  DueJobs__PollInterval=00:00:00.100 \
    env $(shipped_logging_env) dotnet "$DLL" >"$WORK/scheduler.log" 2>&1 &
  SCHEDULER=$!
  PIDS+=("$SCHEDULER")
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null && return; sleep 0.5; done
  echo "scheduler did not start:"; cat "$WORK/scheduler.log"; exit 1
}
stop_scheduler() { kill "$SCHEDULER"; wait "$SCHEDULER" 2>/dev/null || true; }

# --- 1. batch pick among 1,000,000 open cases -------------------------------------------------------
start_scheduler   # applies the migrations
stop_scheduler
echo "seeding 1,000,000 cases and jobs..."
psql $PG -d "$DB" -qf bench/scheduler/seed_million.sql
PICK_ROWS=()
(cd "$WORK" && pgbench $PG -n -f "$OLDPWD/bench/scheduler/pick_raw.sql" -t 200 -c 1 -l --log-prefix=raw "$DB" >/dev/null)
PICK_ROWS+=("$(bench/scheduler/latency.py 'raw indexed read of 100 due rows (reference)' "$WORK/raw.*")")
(cd "$WORK" && pgbench $PG -n -f "$OLDPWD/bench/scheduler/pick.sql" -t 200 -c 1 -l --log-prefix=pick1 "$DB" >/dev/null)
PICK_ROWS+=("$(bench/scheduler/latency.py 'claim batch of 100 (SKIP LOCKED + lease), 1 instance' "$WORK/pick1.*")")
(cd "$WORK" && pgbench $PG -n -f "$OLDPWD/bench/scheduler/pick.sql" -t 100 -c 2 -l --log-prefix=pick2 "$DB" >/dev/null)
PICK_ROWS+=("$(bench/scheduler/latency.py 'claim batch of 100, 2 instances at once' "$WORK/pick2.*")")
(cd "$WORK" && pgbench $PG -n -f "$OLDPWD/bench/scheduler/due_view.sql" -t 200 -c 1 -l --log-prefix=view "$DB" >/dev/null)
PICK_ROWS+=("$(bench/scheduler/latency.py 'ops view: next 100 due cases' "$WORK/view.*")")

# --- 2. the scheduler paying due invoices at Stripe's rate limit ------------------------------------
psql $PG -d "$DB" -qc "TRUNCATE scheduler.cases, scheduler.case_events, scheduler.card_attempts, scheduler.card_holds, scheduler.due_jobs, scheduler.outbox"
python3 bench/scheduler/stripe_stub.py $STUB_PORT 50 $RATE "$WORK/calls.log" tests/Dunning.Testing/Fixtures/stripe-fixtures3.json &
PIDS+=("$!")
start_scheduler
seed_due() { # $1 label, $2 count, $3 offered per second (0 = all due at once)
  psql $PG -d "$DB" -qc "
    INSERT INTO scheduler.cases (id, invoice_id, customer_id, amount_minor, currency, card_fingerprint, card_brand, status, next_attempt_at, failed_at)
    SELECT md5('$1' || g)::uuid, 'in_$1_' || g, 'cus_$1_' || g, 1999, 'usd', 'fp_$1_' || g, 'visa', 'open',
           now() + interval '3 seconds' + CASE WHEN $3 = 0 THEN interval '0' ELSE g * interval '1 second' / $3 END, now() - interval '1 day'
    FROM generate_series(1, $2) g;
    INSERT INTO scheduler.due_jobs (job_key, kind, payload, due_at)
    SELECT 'retry:' || id, 'dunning-retry', jsonb_build_object('caseId', id), next_attempt_at FROM scheduler.cases WHERE invoice_id LIKE 'in_$1_%';"
  psql $PG -d "$DB" -tAc "SELECT invoice_id || '|' || extract(epoch FROM next_attempt_at) FROM scheduler.cases WHERE invoice_id LIKE 'in_$1_%'" >"$WORK/due_$1.txt"
  for _ in $(seq 1 600); do
    [ "$(psql $PG -d "$DB" -tAc "SELECT count(*) FROM scheduler.cases WHERE invoice_id LIKE 'in_$1_%' AND status = 'open'")" = 0 ] && return
    sleep 0.5
  done
  echo "timed out waiting for $1"; exit 1
}
seed_due steady 800 20
seed_due burst 1000 0
RSS_PEAK=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$SCHEDULER/status")
RSS_NOW=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$SCHEDULER/status")
CALL_ROWS=("$(bench/scheduler/calls.py 'steady: 20 due per second' "$WORK/calls.log" "$WORK/due_steady.txt")"
           "$(bench/scheduler/calls.py 'burst: 1,000 due at once' "$WORK/calls.log" "$WORK/due_burst.txt")")
stop_scheduler

{
  echo "# Scheduler benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/scheduler/run.sh\` on $(nproc) cores, $(psql $PG -tAc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL, Debug build."
  echo "$SHIPPED_LOGGING_LINE"
  echo
  echo "## 1. Picking due cases among 1,000,000 open ones (target ≤ 10 ms)"
  echo
  echo "1,000,000 open cases with one retry job each; 50,000 already due. pgbench, one transaction per pick."
  echo
  echo "| query | picks | p50 ms | p99 ms | max ms |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${PICK_ROWS[@]}"
  echo
  echo "## 2. Paying due invoices at Stripe's rate limit (target: zero 429s, lag p99 ≤ 1 s, RSS ≤ 300 MB)"
  echo
  echo "The scheduler process (one instance, \`Stripe:RequestsPerSecond\` = $RATE) against a Stripe stand-in answering in 50 ms"
  echo "that, like Stripe, answers 429 above $RATE requests in any second. Lag = time of the call − \`next_attempt_at\`."
  echo
  echo "| scenario | cases | paid | 429s | busiest 1 s window | calls/s | lag p50 ms | lag p99 ms | lag max ms |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${CALL_ROWS[@]}"
  echo
  echo "Resident memory of the scheduler: peak ${RSS_PEAK} MB, at the end ${RSS_NOW} MB."
} >"$REPORT"
cat "$REPORT"
