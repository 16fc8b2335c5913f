#!/usr/bin/env bash
# Metrics benchmark: report latency over a generated ledger of ROWS rows (default 10,000,000) and consumer throughput.
# Builds and runs the service (Release unless CONFIG=Debug) against the local PostgreSQL and RabbitMQ; writes bench/results/metrics.md.
# Throughput: ROUNDS rounds, each with its raw references taken right before (the consumer's SQL through pgbench at the same
# concurrency, and a no-op MassTransit consumer draining a copy of the same messages); medians reported.
# REUSE_DB=1 keeps an already seeded database (re-measure without the ~6 min seed).
set -euo pipefail
ROWS=${ROWS:-10000000}
DAYS=${DAYS:-1000}
MESSAGES=${MESSAGES:-20000}
REQUESTS=${REQUESTS:-40}
ROUNDS=${ROUNDS:-3}
PREFETCH=${PREFETCH:-128}
WRITERS=${WRITERS:-8}
CLIENTS=${CLIENTS:-32}
REUSE_DB=${REUSE_DB:-0}
CONFIG=${CONFIG:-Release}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DB=metrics_bench VHOST=metrics-bench PORT=5984 KEY=bench-key
BASE=http://127.0.0.1:$PORT
DLL=$ROOT/services/Dunning.Metrics/bin/$CONFIG/net10.0/Dunning.Metrics.dll
OUT=${OUT:-$ROOT/bench/results/metrics.md}
source "$ROOT/bench/shipped-logging.sh"
echo "$SHIPPED_LOGGING_LINE"
WORK=$(mktemp -d)
PG=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt)
MGMT=(curl -sf -u guest:guest -H content-type:application/json)
SERVICE_PID=

start_service() {
  (cd "$(dirname "$DLL")" && ASPNETCORE_URLS=$BASE ConnectionStrings__Postgres="Host=127.0.0.1;Username=postgres;Database=$DB;Maximum Pool Size=64" \
    RabbitMq__VirtualHost=$VHOST RabbitMq__PrefetchCount=$PREFETCH GroupCommit__Writers=$WRITERS Api__Key=$KEY \
    exec env $(shipped_logging_env) dotnet "$DLL" >>"$WORK/service.log" 2>&1) &
  SERVICE_PID=$!
  until curl -sf "$BASE/health" >/dev/null; do sleep 0.2; done
}
stop_service() { [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=; }
trap 'stop_service; rm -rf "$WORK"' EXIT
publisher() { (cd "$ROOT/bench/metrics/Publisher" && dotnet run Publisher.cs -- "$@" | tail -1); }

dotnet build "$ROOT/services/Dunning.Metrics" -c "$CONFIG" -v q -nologo >/dev/null
"${MGMT[@]}" -X DELETE "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null || true
"${MGMT[@]}" -X PUT "http://127.0.0.1:15672/api/vhosts/$VHOST" >/dev/null
"${MGMT[@]}" -X PUT -d '{"configure":".*","write":".*","read":".*"}' "http://127.0.0.1:15672/api/permissions/$VHOST/guest" >/dev/null
seeded=$("${PG[@]}" -d $DB -c "SELECT count(*) >= $ROWS FROM metrics.ledger" 2>/dev/null || echo f)
if [ "$REUSE_DB" = 1 ] && [ "$seeded" = t ]; then
  echo "== reusing the seeded database $DB (migrations run at the first start)"
  seed_seconds="(reused)"
  start_service; stop_service
else
  "${PG[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
  echo "== migrate (first start), then seed $ROWS rows with the service stopped"
  start_service; stop_service
  seed_start=$(date +%s)
  "${PG[@]}" -d $DB -v rows="$ROWS" -v start=2024-01-01 -v days="$DAYS" -f "$ROOT/bench/metrics/seed.sql" >"$WORK/seed.out"
  seed_seconds="$(( $(date +%s) - seed_start )) s"
fi
ledger_rows=$("${PG[@]}" -d $DB -c "SELECT count(*) FROM metrics.ledger")
rollup_rows=$("${PG[@]}" -d $DB -c "SELECT count(*) FROM metrics.daily_rollup")
subscriptions=$("${PG[@]}" -d $DB -c "SELECT count(*) FROM metrics.subscriptions")

echo "== consumer throughput: $ROUNDS rounds of $MESSAGES PaymentFailed queued while the service is down, then drained"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
load_before=$(uptime | sed 's/.*load average: //')
publisher drain 127.0.0.1 $VHOST 0 "$PREFETCH" # declares the no-op reference's queue, so it gets a copy of each message
echo "| round | pgbench, same SQL, $CLIENTS clients (tx/s) | no-op MassTransit consumer (msg/s) | service (msg/s) | service / pgbench | service / no-op | changes not folded at the end |" >"$WORK/rounds.md"
echo "|---|---|---|---|---|---|---|" >>"$WORK/rounds.md"
for round in $(seq 1 "$ROUNDS"); do
  sql_rate=$(pgbench -h 127.0.0.1 -U postgres -n -c "$CLIENTS" -j 2 -t $((MESSAGES / CLIENTS)) -D round="$round" \
    -f "$ROOT/bench/metrics/consumer-transaction.sql" $DB 2>/dev/null | sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -1)
  "${PG[@]}" -d $DB -c "SELECT metrics.fold_ledger_changes()" >/dev/null
  publisher publish 127.0.0.1 $VHOST "$MESSAGES" "$round" | tee "$WORK/publish.out"
  noop_rate=$(publisher drain 127.0.0.1 $VHOST "$MESSAGES" "$PREFETCH")
  before=$("${PG[@]}" -d $DB -c "SELECT count(*) FROM metrics.inbox")
  start_service
  first= last=
  while :; do
    handled=$(( $("${PG[@]}" -d $DB -c "SELECT count(*) FROM metrics.inbox") - before ))
    now=$(date +%s.%N)
    [ -z "$first" ] && [ "$handled" -gt 0 ] && first=$now first_count=$handled
    [ "$handled" -ge "$MESSAGES" ] && { last=$now; break; }
    sleep 0.1
  done
  pending=$("${PG[@]}" -d $DB -c "SELECT count(*) FROM metrics.ledger_changes")
  stop_service
  rate=$(echo "($MESSAGES - $first_count) / ($last - $first)" | bc -l)
  printf '| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %s |\n' "$round" "$sql_rate" "$noop_rate" "$rate" \
    "$(echo "$rate / $sql_rate" | bc -l)" "$(echo "$rate / $noop_rate" | bc -l)" "$pending" | tee -a "$WORK/rounds.md"
done
load_after=$(uptime | sed 's/.*load average: //')
column_median() { awk -F'|' -v c="$1" 'NR > 2 { print $c + 0 }' "$WORK/rounds.md" | median; }
throughput=$(column_median 5)
printf '| **median** | **%s** | **%s** | **%s** | **%s** | **%s** | |\n' "$(column_median 3)" "$(column_median 4)" "$throughput" \
  "$(column_median 6)" "$(column_median 7)" >>"$WORK/rounds.md"
start_service
echo "== report latency ($REQUESTS requests per report and range length)"
# Reads "status seconds" lines; fails on any answer but 200, prints p50 | p95 | max in ms.
percentiles() { sort -k2 -n | awk '$1 != 200 { bad = $1 } { v[NR] = $2 } END { if (bad) { print "HTTP " bad > "/dev/stderr"; print "failed: HTTP " bad; exit 1 }; printf "%.1f | %.1f | %.1f\n", v[int(NR * 0.5 + 0.5)] * 1000, v[int(NR * 0.95 + 0.5)] * 1000, v[NR] * 1000 }'; }
day_plus() { date -u -d "2024-01-01 + $1 days" +%F; }
measure() { # path-with-RANGE, range length in days
  local path=$1 length=$2 i offset range
  for ((i = 0; i < REQUESTS; i++)); do
    offset=$(( RANDOM % (DAYS - length + 1) ))
    range="from=$(day_plus $offset)&to=$(day_plus $((offset + length - 1)))"
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "X-Api-Key: $KEY" "$BASE${path//RANGE/"$range"}"
  done | percentiles
}
{
  echo "| report | range | p50 ms | p95 ms | max ms |"
  echo "|---|---|---|---|---|"
  for i in $(seq 1 $REQUESTS); do curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/alive"; done | percentiles | sed 's/^/| reference: GET \/alive (HTTP floor) | — | /; s/$/ |/'
  for report in "summary?RANGE&currency=usd" "breakdowns?RANGE&currency=eur&by=decline_code" "breakdowns?RANGE&currency=usd&by=cohort" \
                "breakdowns?RANGE&currency=gbp&by=attempt" "timeseries?RANGE&currency=usd" "churn?RANGE&period=day" "churn?RANGE&period=month"; do
    for length in 1 7 31 365 $DAYS; do
      echo "| ${report%%\?*} ${report#*\?} | $length days | $(measure "/api/reports/$report" "$length") |" | sed 's/RANGE&//; s/?RANGE//'
    done
  done
} | tee "$WORK/latency.md"

echo "== raw reference: the summary sums straight from the ledger (no rollup), whole range, usd"
raw_ms=$("${PG[@]}" -d $DB -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT outcome, recovery_method, loss_reason, count(*), sum(amount_minor) FROM metrics.ledger WHERE currency = 'usd' GROUP BY 1, 2, 3" | grep -o '"Execution Time": [0-9.]*' | grep -o '[0-9.]*$')
raw_ttr_ms=$("${PG[@]}" -d $DB -c "EXPLAIN (ANALYZE, FORMAT JSON) SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY closed_at - failed_at) FROM metrics.ledger WHERE currency = 'usd' AND outcome = 'recovered'" | grep -o '"Execution Time": [0-9.]*' | grep -o '[0-9.]*$')
max_p95=$(grep -v reference "$WORK/latency.md" | awk -F'|' 'NR > 2 { if ($5 + 0 > m) m = $5 + 0 } END { print m }')

cat >"$OUT" <<REPORT
# Metrics benchmark

Measured by \`bench/metrics/run.sh\` on $(date -u +%F) — $(nproc) cores, PostgreSQL $("${PG[@]}" -d postgres -c "SHOW server_version"), RabbitMQ on the same machine,
the service's $CONFIG build as a real process (RabbitMq:PrefetchCount=$PREFETCH, GroupCommit:Writers=$WRITERS, GroupCommit:MaxBatch default 64).
$SHIPPED_LOGGING_LINE

## Data
- ledger rows: **$ledger_rows** ($ROWS generated with \`generate_series\` over $DAYS days, 3 currencies, 5 decline codes, 4 brands, every method and reason; + the throughput messages)
- daily rollup rows: $rollup_rows; subscriptions: $subscriptions
- seed + aggregate rebuild: ${seed_seconds}

## Reports (target: p95 ≤ 100 ms for any report over any range)
Each line: $REQUESTS requests over random ranges of that length, sequential, over HTTP with the API key.

$(cat "$WORK/latency.md")

**Worst p95 of any report: ${max_p95} ms.**

Raw reference in the same run (PostgreSQL execution time only, no HTTP): the summary's sums straight from the ledger over the whole
range for one currency take **${raw_ms} ms**, and its median time to recover **${raw_ttr_ms} ms** — what the rollup and the hour
histograms avoid.

## Consumer throughput (target ≥ 2,000 messages/s)
Each round: $MESSAGES PaymentFailed published while the service was stopped ($(cat "$WORK/publish.out")), then drained by the
\`metrics-payment-failed\` consumer into the ${ledger_rows}-row ledger (inbox row + ledger upsert + a ledger change row per message,
group-committed by the platform; the background fold keeps the aggregates), from the first handled message to the last.
Raw references taken in the same round, right before: the consumer's transaction as plain SQL through \`pgbench\`
(\`bench/metrics/consumer-transaction.sql\`, one transaction per message, $CLIENTS connections: what PostgreSQL alone does
without grouping), and a no-op MassTransit consumer (prefetch $PREFETCH) draining its own copy of the same messages (what
RabbitMQ + MassTransit deliver on this machine). Load average before: $load_before; after: $load_after.

$(cat "$WORK/rounds.md")

**Median: $throughput messages/s.**
REPORT
echo "wrote $OUT"
