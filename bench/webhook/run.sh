#!/usr/bin/env bash
# Webhook intake benchmark: the service, and in the same run the two raw references, at the same concurrency.
# Usage: bench/webhook/run.sh [seconds] [concurrency]   (infrastructure from scripts/up.sh or scripts/test.sh must be running)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN=${1:-15}
CONCURRENCY=${2:-16}
SECRET=whsec_bench
DB=bench_webhook_$(date +%s)
# Its own PostgreSQL (port 25432, state .state/bench-webhook), so the CPU columns count only this benchmark's database work.
BENCH_PG_PORT=${BENCH_PG_PORT:-25432}
BENCH_STATE="$PWD/.state/bench-webhook"
bench_pg() { ( export PG_PORT=$BENCH_PG_PORT DUNNING_STATE="$BENCH_STATE"; source scripts/infra.sh; "$@" ); }
bench_pg start_postgres
PG_PID=$(cat "$BENCH_STATE/pids/postgres.pid")
psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -qc "CREATE DATABASE $DB" >/dev/null
PG="Host=127.0.0.1;Port=$BENCH_PG_PORT;Username=postgres;Database=$DB" # the cluster trusts local connections
VHOST=bench-webhook-$$
SERVICE_PORT=5180
VERIFIER_PORT=5181
REPORT=bench/results/webhook.md
source bench/shipped-logging.sh
echo "$SHIPPED_LOGGING_LINE"

# Release builds (their outputs do not collide with the Debug builds of the shared workspace); CONFIG=Debug to compare.
CONFIG=${CONFIG:-Release}
dotnet build services/Dunning.BillingWebhook -c "$CONFIG" -v q -nologo -clp:ErrorsOnly
dotnet build bench/webhook/Dunning.Bench.Webhook -c "$CONFIG" -v q -nologo -clp:ErrorsOnly
BENCH="dotnet bench/webhook/Dunning.Bench.Webhook/bin/$CONFIG/net10.0/Dunning.Bench.Webhook.dll"

curl -sf -u guest:guest -X PUT "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null
curl -sf -u guest:guest -X PUT -H 'content-type: application/json' -d '{"configure":".*","write":".*","read":".*"}' "http://127.0.0.1:15672/api/permissions/$VHOST/guest" >/dev/null

# from its own folder, as scripts/services.sh runs it: appsettings.json is read and only that folder is watched for changes
(cd services/Dunning.BillingWebhook/bin/$CONFIG/net10.0 && ASPNETCORE_URLS=http://127.0.0.1:$SERVICE_PORT ConnectionStrings__Postgres="$PG" \
  RabbitMq__VirtualHost=$VHOST Stripe__WebhookSecrets__0=$SECRET MASSTRANSIT_USAGE_TELEMETRY=false \
  exec env $(shipped_logging_env) dotnet Dunning.BillingWebhook.dll >/tmp/bench-webhook.log 2>&1) &
SERVICE_PID=$!
$BENCH verifier $VERIFIER_PORT $SECRET >/tmp/bench-verifier.log 2>&1 &
VERIFIER_PID=$!
cleanup() {
  kill "$SERVICE_PID" "$VERIFIER_PID" 2>/dev/null || true
  curl -sf -u guest:guest -X DELETE "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null || true
  bench_pg stop_postgres
}
trap cleanup EXIT
for port in $SERVICE_PORT $VERIFIER_PORT; do
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
done

# warm-up (JIT, pools), not reported
$BENCH load http://127.0.0.1:$SERVICE_PORT $SECRET 10 "$CONCURRENCY" >/dev/null
$BENCH load http://127.0.0.1:$VERIFIER_PORT $SECRET 2 "$CONCURRENCY" >/dev/null

# CPU (utime + stime, clock ticks) of one process, or of every process with a command name (PostgreSQL's backends, RabbitMQ's VM)
pid_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
name_ticks() { cat /proc/[0-9]*/stat 2>/dev/null | awk -v name="($1)" '$2 == name {s += $14 + $15} END {print s + 0}'; }
# the bench's PostgreSQL: the postmaster, its live processes and the backends that already exited (the postmaster's cutime + cstime)
db_ticks() { { awk '{print $14 + $15 + $16 + $17}' "/proc/$PG_PID/stat"; for p in $(pgrep -P "$PG_PID"); do pid_ticks "$p"; done; } | awk '{s += $1} END {print s + 0}'; }
# transaction ids handed out so far: every writing transaction takes one (this query too)
commits() { psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -tAc "SELECT pg_current_xact_id()::text::bigint"; }
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN {print 1000 / hz}')

# measure LABEL PID COMMAND...: one table row with the CPU each process spent per accepted event during the run
# (PID: the process answering the requests; its CPU is the "service" column)
measure() {
  local label="$1" pid="$2"; shift 2
  local s0 p0 r0 row events
  local children; children=$(pgrep -c -P "$PG_PID")
  s0=$(pid_ticks "$pid"); p0=$(db_ticks); r0=$(name_ticks beam.smp); c0=$(commits)
  row=$("$@" | tail -1)
  # backends of a client that exited count once the postmaster has reaped them (into its cutime/cstime)
  for _ in $(seq 1 50); do [ "$(pgrep -c -P "$PG_PID")" -le "$children" ] && break; sleep 0.1; done
  events=$(awk -F'|' -v s="$SECONDS_PER_RUN" '{gsub(/ /,"",$5); print $5 * s}' <<<"$row")
  awk -F'|' -v label="$label" -v n="$events" -v ms="$TICK_MS" \
      -v svc=$(( $(pid_ticks "$pid") - s0 )) -v pg=$(( $(db_ticks) - p0 )) -v mq=$(( $(name_ticks beam.smp) - r0 )) \
      -v tx=$(( $(commits) - c0 )) \
      'BEGIN {OFS="|"} {$2 = " " label " "; n = n > 0 ? n : 1; printf "%s %.3f | %.3f | %.3f | %.2f |\n", $0, svc * ms / n, pg * ms / n, mq * ms / n, tx / n}' <<<"$row"
}

LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
RESULTS=$(mktemp)
measure "webhook service (max)" "$SERVICE_PID" $BENCH load http://127.0.0.1:$SERVICE_PORT $SECRET "$SECONDS_PER_RUN" "$CONCURRENCY" >>"$RESULTS"
measure "raw PostgreSQL inbox+outbox transaction" 0 $BENCH postgres "$PG" "$SECONDS_PER_RUN" "$CONCURRENCY" >>"$RESULTS"
measure "bare Kestrel signature check" "$VERIFIER_PID" $BENCH load http://127.0.0.1:$VERIFIER_PORT $SECRET "$SECONDS_PER_RUN" "$CONCURRENCY" >>"$RESULTS"
measure "webhook service at 1,000/s" "$SERVICE_PID" $BENCH load http://127.0.0.1:$SERVICE_PORT $SECRET "$SECONDS_PER_RUN" "$CONCURRENCY" 1000 >>"$RESULTS"
for _ in $(seq 1 60); do
  BACKLOG=$(psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d "$DB" -tAc "SELECT count(*) FROM webhook.outbox WHERE sent_at IS NULL")
  [ "$BACKLOG" = "0" ] && break; sleep 1
done
TOTAL=$(psql -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d "$DB" -tAc "SELECT count(*) FROM webhook.outbox")

{
  echo "# Webhook intake benchmark"
  echo
  echo "Measured $(date -u +%Y-%m-%dT%H:%MZ) by \`bench/webhook/run.sh $SECONDS_PER_RUN $CONCURRENCY\` on $(nproc) cores; $CONFIG builds;"
  echo "load generator in its own process (\`bench/webhook/Dunning.Bench.Webhook\`), ~4 KB signed \`invoice.payment_failed\` events"
  echo "(Stripe's fixture invoice with a card decline), every one new; ${SECONDS_PER_RUN} s per row; latency = request sent → 2xx received."
  echo "CPU columns: utime + stime spent during the row by the process answering (the service; the bare verifier; none for the raw PostgreSQL row), by the benchmark's own PostgreSQL server (all its processes) and by RabbitMQ, per accepted"
  echo "event — the figure that holds still when other jobs share the 2 cores (load average before the runs: $LOAD_BEFORE)."
  echo "$SHIPPED_LOGGING_LINE"
  echo
  echo "| run | concurrency | offered rate | accepted events/s | p50 ms | p99 ms | failed | service CPU ms/event | PostgreSQL CPU ms/event | RabbitMQ CPU ms/event | write transactions/event |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  cat "$RESULTS"
  echo
  SERVICE_RATE=$(awk -F'|' '/webhook service \(max\)/ {gsub(/ /,"",$5); print $5}' "$RESULTS")
  PG_RATE=$(awk -F'|' '/raw PostgreSQL/ {gsub(/ /,"",$5); print $5}' "$RESULTS")
  echo "Service ÷ raw PostgreSQL reference: $(awk -v a="$SERVICE_RATE" -v b="$PG_RATE" 'BEGIN { printf "%.2f", a / b }')× (target ≥ 0.8×)."
  echo "Targets (issue 3): ≥ 2,000 accepted events/s; ≥ 0.8× the raw PostgreSQL reference; p99 ≤ 25 ms at 1,000 events/s; no growing relay backlog."
  echo
  echo "Outbox after the runs: $TOTAL rows, unsent backlog ${BACKLOG} (after waiting up to 60 s for the relay)."
} >"$REPORT"
cat "$REPORT"
