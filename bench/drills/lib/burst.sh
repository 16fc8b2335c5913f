#!/usr/bin/env bash
# Burst (opt-in, --burst): signed invoice.payment_failed events posted straight to the webhook at a fixed rate by
# bench/webhook's load tool: the webhook's intake ceiling without the sandbox in the way.
# A session of its own (fresh database): its invoices do not exist in the sandbox, so only figures are reported.

BURST_RATE="${BURST_RATE:-1000}" BURST_SECONDS="${BURST_SECONDS:-30}" BURST_CONCURRENCY="${BURST_CONCURRENCY:-32}"

run_burst() {
  local dir="$RESULTS/burst" tool="$ROOT/bench/webhook/Dunning.Bench.Webhook/bin/Release/net10.0/Dunning.Bench.Webhook.dll" t0 from to
  rm -rf "$dir"; mkdir -p "$dir"
  [ -f "$tool" ] || dotnet build "$ROOT/bench/webhook/Dunning.Bench.Webhook" -c Release -nologo -v quiet >>"$LOGS/build.log" 2>&1 || return 1
  # no pay calls during the burst (first retry a day later): the measured path is webhook -> RabbitMQ -> consumers -> ledger
  DRILL_FIRST_RETRY_AFTER=1.00:00:00 DRILL_MIN_SPACING=12:00:00 run_session 1 || return 1
  log "burst: $BURST_RATE events/s for $BURST_SECONDS s, $BURST_CONCURRENCY connections"
  t0=$("${PSQL[@]}" -c "SELECT now()")
  start_sampler "$dir"
  from=$(date +%s.%N)
  dotnet "$tool" load "http://127.0.0.1:$WEBHOOK_PORT" "$WEBHOOK_SECRET" "$BURST_SECONDS" "$BURST_CONCURRENCY" "$BURST_RATE" >"$dir/load-tool.txt" 2>&1
  to=$(date +%s.%N)
  local deadline=$((SECONDS + 240)) accepted ledger
  while (( SECONDS < deadline )); do
    accepted=$("${PSQL[@]}" -c "SELECT count(*) FROM webhook.stripe_events WHERE type = 'invoice.payment_failed'")
    ledger=$("${PSQL[@]}" -c "SELECT count(*) FROM metrics.ledger")
    [ "$accepted" = "$ledger" ] && break
    sleep 2
  done
  stop_sampler
  "${PSQL[@]}" -F '|' -v t0="$t0" -f "$DRILL_DIR/lib/figures.sql" >"$dir/figures.txt" 2>"$dir/figures.err"
  { echo "load_from=$from"; echo "load_to=$to"; echo "accepted=$accepted"; echo "ledger=$ledger"; echo "settled=$((SECONDS - deadline + 240))"
    echo "outcome=burst"; } >"$dir/drill.txt"
  log "burst: $accepted accepted, $ledger ledger rows"
}
