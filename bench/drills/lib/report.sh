#!/usr/bin/env bash
# bench/results/drills.md from the files each drill left under $RESULTS/<id>/.

drill_value() { grep -m1 "^$2=" "$1/drill.txt" | cut -d= -f2-; }

figures_row() { # DIR: | events | intake/s | best 10 s/s | drained/s | p50 | p99 | failed->ledger p50 | p99 | max queue | settle |
  local f; IFS='|' read -r -a f <"$1/figures.txt" || f=()
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$1")" "${f[0]:-?}" "${f[2]:-?}" "${f[3]:-?}" "${f[10]:-?}" \
    "${f[5]:-?}" "${f[6]:-?}" "${f[7]:-?}" "${f[8]:-?}" "$(max_queue "$1")" "$(drill_value "$1" settled)"
}

write_report() {
  local dir id first_load
  export_drill_settings # the drills' settings (the burst session overrides two of them)
  cat <<HEAD
# System drills — whole pipeline under load and faults

Regenerate (about $( ((QUICK)) && echo "15" || echo "60") minutes): \`bash bench/drills/run.sh$( ((QUICK)) && echo " --quick")\` (options: \`--quick\`, \`--repeats N\`, \`--no-multi\`).
It starts its **own** PostgreSQL (15432), RabbitMQ (15673, management 15674, node \`$RABBIT_NODE\`), maildev (11025/11080),
sandbox (22111) and the four services (15080–15083, second instances 15090–15093), state in \`.state/drills\`, builds Release,
runs every drill, checks the invariants after each one, writes this file and stops everything it started.

Run: ${RUN_AT:-$(date -u "+%Y-%m-%d %H:%M UTC")}, $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB RAM; the shared development
infrastructure and other engineers' test runs were using the same 2 cores at the same time.

**Load shape per drill**: $GENERATORS generator processes side by side (sandbox \`generate\` CLI, one test clock and seed each),
each $CUSTOMERS customers signing up, then a $DAYS-day renewal month at $SPEED s per simulated day, failure rate $FAILURE_RATE.
**Faults**: start $FAULT_AT s into the renewal month, last $FAULT_SECONDS s; repeated $REPEATS× each.
**Drill policy** (seconds instead of days): first retry after ${RetryPolicy__FirstRetryAfter}, backoff ×${RetryPolicy__BackoffFactor} capped at ${RetryPolicy__BackoffCap},
min spacing ${RetryPolicy__MinSpacing}, ${RetryPolicy__MaxAttempts} attempts, window ${RetryPolicy__Window} (renewals fail on a test clock up to
30 days in the past), quiet hours off, customers' zone ${RetryPolicy__DefaultTimeZone} (start of day now), final action ${RetryPolicy__FinalAction},
Stripe ${Stripe__RequestsPerSecond} req/s; reminders after ${Notification__Cadence__FirstReminderAfter} / ${Notification__Cadence__SecondReminderAfter}
counted from the failure; decline lookup patience ${DeclineLookup__Patience}. Every 10th customer unsubscribes (signed link) before its drill.

## Load figures (every drill)

Events = Stripe events the webhook accepted during the drill. Intake/s = events ÷ (last − first accepted).
Drained/s = events ÷ (first accepted → last metrics consumer commit of any message they caused): the sustained end-to-end rate.
Latency = Stripe event accepted by the webhook → the metrics consumer's transaction committed (inbox \`handled_at\`),
for every message that reached metrics; *failed→ledger* = \`invoice.payment_failed\` accepted → ledger row written.
Max queue = largest total RabbitMQ backlog sampled (every 2 s) and the queue holding most at that moment. Settle = seconds
after the load (and fault) until queues, outboxes and past-due jobs were empty and every sandbox event was answered 2xx.

| drill | events | intake ev/s | best 10 s ev/s | drained ev/s | p50 ms | p99 ms | failed→ledger p50 ms | p99 ms | max queue | settle s |
|---|---|---|---|---|---|---|---|---|---|---|
HEAD
  for dir in $(ls -d "$RESULTS"/i*-*/ 2>/dev/null | sort -V); do figures_row "${dir%/}"; done
  for dir in $(ls -d "$RESULTS"/i*-load-*/ 2>/dev/null | sort -V); do
    dir=${dir%/}
    echo; echo "### $(basename "$dir"): CPU and memory per process (load window), queue depth over time"; echo
    echo "| process (tree) | CPU % of one core | peak RSS MB |"; echo "|---|---|---|"
    cpu_memory_table "$dir" "$(drill_value "$dir" load_from)" "$(drill_value "$dir" load_to)"
    echo; echo "Total RabbitMQ backlog, every ~10 s from the start of the load: $(queue_series "$dir")"
  done
  if [ -f "$RESULTS/burst/figures.txt" ]; then
    local b="$RESULTS/burst"
    echo; echo "## Burst: signed events straight to the webhook at ${BURST_RATE}/s"; echo
    echo "The sandbox delivers webhooks one at a time, in order, so the drills above cannot push more events/s into the webhook"
    echo "than one HTTP round trip allows. This phase (a session of its own, fresh database) posts signed ~4 KB"
    echo '`invoice.payment_failed` events with bench/webhook'"'"'s load tool for '"${BURST_SECONDS} s at a target of ${BURST_RATE}/s over"
    echo "${BURST_CONCURRENCY} connections, and measures until every accepted event has its ledger row (first retry a day later: no pay calls)."
    echo; echo "Load tool's own line (webhook port | connections | target/s | achieved/s | p50 ms | p99 ms | failures): $(grep '^|' "$b/load-tool.txt" | tail -1)"
    echo; echo "Accepted $(drill_value "$b" accepted) events, $(drill_value "$b" ledger) ledger rows, all in within $(drill_value "$b" settled) s after the load tool stopped."
    echo; echo "| phase | events | intake ev/s | best 10 s ev/s | drained ev/s | p50 ms | p99 ms | failed→ledger p50 ms | p99 ms | max queue | settle s |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    figures_row "$b"
    echo; echo "| process (tree) | CPU % of one core | peak RSS MB |"; echo "|---|---|---|"
    cpu_memory_table "$b" "$(drill_value "$b" load_from)" "$(drill_value "$b" load_to)"
    echo; echo "Total RabbitMQ backlog every ~10 s: $(queue_series "$b")"
  fi
  echo; echo "## Faults"; echo
  echo "| drill | fault and recovery | generator | invariants |"; echo "|---|---|---|---|"
  for dir in $(ls -d "$RESULTS"/i*-*/ 2>/dev/null | sort -V); do
    dir=${dir%/}
    printf '| %s | %s | %s | %s pass, %s explained, %s fail |\n' "$(basename "$dir")" "$(drill_value "$dir" outcome)" \
      "$( [ -n "$(drill_value "$dir" generator_error | tr -d ' ')" ] && drill_value "$dir" generator_error || echo ok)" \
      "$(grep -c '|PASS|' "$dir/invariants.txt" 2>/dev/null)" "$(grep -c '|EXPLAINED|' "$dir/invariants.txt" 2>/dev/null)" \
      "$(grep -c '|FAIL|' "$dir/invariants.txt" 2>/dev/null)"
  done
  echo; echo "## Invariants after every drill"; echo
  echo "Checked against the sandbox's record (\`/sandbox/record/invoices\`, \`/pay-calls\`, \`/webhooks\`, \`/v1/events\`) and maildev's"
  echo "mailbox (\`/api/email\`, plus the mailboxes archived before the SMTP drill stopped it), cumulative over the session."
  for dir in $(ls -d "$RESULTS"/i*-*/ 2>/dev/null | sort -V); do
    dir=${dir%/}
    echo; echo "### $(basename "$dir")"; echo
    echo "| invariant | result | observed |"; echo "|---|---|---|"
    if [ -s "$dir/invariants.txt" ]; then awk -F'|' '{ printf "| %s | %s | %s |\n", $1, ($2 == "FAIL" ? "**FAIL**" : $2), $3 }' "$dir/invariants.txt"
    else echo "| (check did not run) | FAIL | $(head -c 300 "$dir/invariants.err" | tr '\n' ' ') |"; fi
  done
  echo
  cat "$DRILL_DIR/notes.md"
}
