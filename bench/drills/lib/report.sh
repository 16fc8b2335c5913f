#!/usr/bin/env bash
# bench/results/drills.md from the files each drill left under $RESULTS/<id>/.

drill_value() { grep -m1 "^$2=" "$1/drill.txt" | cut -d= -f2-; }

figures_row() { # DIR: | events | intake/s | best 10 s/s | drained/s | p50 | p99 | failed->ledger p50 | p99 | max queue | settle |
  local f; IFS='|' read -r -a f <"$1/figures.txt" || f=()
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$1")" "${f[0]:-?}" "${f[2]:-?}" "${f[3]:-?}" "${f[10]:-?}" \
    "${f[5]:-?}" "${f[6]:-?}" "${f[7]:-?}" "${f[8]:-?}" "$(max_queue "$1")" "$(drill_value "$1" settled)"
}

offered_row() { # DIR: | offered | best 10 s | accepted | best 10 s | drained | wait p50 | p99 | max backlog |
  local f g; IFS='|' read -r -a f 2>/dev/null <"$1/offered.txt" || f=(); IFS='|' read -r -a g 2>/dev/null <"$1/figures.txt" || g=()
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$(basename "$1")" "${f[0]:-?}" "${f[1]:-?}" "${f[2]:-?}" "${f[3]:-?}" \
    "${f[4]:-?}" "${g[10]:-?}" "${f[5]:-?}" "${f[6]:-?}" "${f[8]:-?}" "${f[9]:-?}" "${f[7]:-?}"
}

offered_section() {
  cat <<TEXT

## Offered vs sustained (the sandbox's own record)

Offered = events the sandbox emitted while the generators ran ÷ that time, from its delivery record (\`queuedAt\`); the
scheduler's later retries add events after it (counted in *events* and *accepted*).
Accepted = the same events ÷ (first emitted → last first-2xx answer from the webhook): the rate the system took them in.
Drained = the end-to-end rate of the table above (webhook accepted → metrics ledger committed). Wait = event emitted → first 2xx
answer (the sandbox's queue + the webhook's answer); emitted→metrics = event emitted by the sandbox → the metrics consumer
committed what it caused (the whole way). Backlog = events emitted but not yet answered 2xx, per second.

| drill | events | offered ev/s | best 10 s offered | accepted ev/s | best 10 s accepted | drained ev/s | wait p50 ms | wait p99 ms | emitted→metrics p50 ms | p99 ms | max backlog |
|---|---|---|---|---|---|---|---|---|---|---|---|
TEXT
  local dir
  for dir in $(ls -d "$RESULTS"/i*-*/ 2>/dev/null | sort -V); do offered_row "${dir%/}"; done
  for dir in $(ls -d "$RESULTS"/i*-rate-*/ 2>/dev/null | sort -V); do
    dir=${dir%/}
    local f; IFS='|' read -r -a f 2>/dev/null <"$dir/offered.txt" || f=()
    echo; echo "$(basename "$dir") (target $(drill_value "$dir" target_rate) events/s, $(drill_value "$dir" shape), warm-up before it: $(drill_value "$dir" warm_up)): backlog of emitted, not yet accepted events every 10 s: ${f[10]:-?}"
    local from to; from=$(drill_value "$dir" load_from) to=$(drill_value "$dir" load_to)
    local window="while the generators offered the load, sign-ups paced at $(drill_value "$dir" signup_speed) s/day"
    if [[ $dir == *-rate-held-* ]]; then window="while the sandbox released the month it held back, generated flat out before it"; fi
    echo; echo "**$(basename "$dir"), steady state over the load window** ($(awk -v a="$from" -v b="$to" 'BEGIN { printf "%.0f", b - a }') s $window):"
    echo "offered **${f[1]:-?} ev/s**, accepted (answered 2xx) **${f[11]:-?} ev/s** inside the window; backlog of emitted, not yet accepted"
    echo "events at the window's middle **${f[12]:-?}**, at its end **${f[13]:-?}**; largest RabbitMQ backlog $(max_queue "$dir");"
    echo "CPU of every process the drill ran, load and drain until settled: $(cpu_ms_per_event "$dir" "$from" "${f[0]:-0}") ms per event."
  done
}

write_report() {
  local dir id first_load
  export_drill_settings # the drills' settings (the burst session overrides two of them)
  local took=""
  if [ -n "${RUN_TO:-}" ] && [ -n "${RUN_FROM:-}" ]; then took="this run took $(( (RUN_TO - RUN_FROM + 30) / 60 )) minutes"; fi
  cat <<HEAD
# System drills — whole pipeline under load and faults

Regenerate: \`bash bench/drills/run.sh\` (${took:-about 40 minutes} plus the Release build when sources changed; options: \`--quick\` = each fault once,
\`--repeats N\`, \`--no-multi\`, \`--rate N\` (0 = no rate drill), \`--burst\`, \`--only "FAULT..."\`).
It starts its **own** PostgreSQL (15432), RabbitMQ (15673, management 15674, node \`$RABBIT_NODE\`), maildev (11025/11080),
sandbox (22111) and the four services (15080–15083, second instances 15090–15093), state in \`.state/drills\`, builds Release,
runs every drill, checks the invariants after each one, writes this file and stops everything it started.
$SHIPPED_LOGGING_LINE

Run: ${RUN_AT:-$(date -u "+%Y-%m-%d %H:%M UTC")}, $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GB RAM, load average at the end: ${RUN_LOADAVG:-$(cut -d' ' -f1-3 /proc/loadavg)}; the shared development
infrastructure and other engineers' test runs were using the same 2 cores at the same time.

**Sessions**: the load drill, each rate drill and each fault type run in a fresh session of their own (new database, queues,
mailbox and sandbox), so the ${REPEATS} repeat(s) of a fault share one session and the invariants are cumulative over them;
then one two-instance session (load + three faults, once each).
**Load shape per drill**: $GENERATORS generator processes side by side (sandbox \`generate\` CLI, one test clock and seed each),
each $CUSTOMERS customers signing up, then a $DAYS-day renewal month at $SPEED s per simulated day, failure rate $FAILURE_RATE.
The sandbox delivers webhooks with up to ${Sandbox__Webhooks__Concurrency} requests in flight per endpoint (\`Sandbox:Webhooks:Concurrency\`).
**Rate drills**: $RATE_GENERATORS generators × $RATE_CUSTOMERS customers, failure rate ${RATE_FAILURE_RATE:-0.1} (a SaaS business typically sees 5–18 % of
its recurring charges fail). *Live* (\`rate-1\`): the sign-up month and the renewal month are both paced to offer
${RATE:-0} events/s (about ${SIGNUP_EVENTS} events per sign-up, ${RENEWAL_EVENTS} per renewal; the scheduler's retries come on top); what the
sandbox actually offered is measured, and the steady state is read over the window in which the generators offered the load.
*Held* (\`rate-held-1\`): the same load generated flat out while the sandbox holds its deliveries, then released at ${RATE:-0}/s
(\`POST /sandbox/webhooks/release\`), the steady state read over the release; the generators' work is then not on the cores the system uses.
*Held, stress* (\`rate-held-stress-1\`): held, at the fault drills' failure rate $FAILURE_RATE: three times the failures, each with its
retries, decline look-up, emails, final action and ledger updates.
Before each, in the same session and not counted, a warm-up load ($RATE_GENERATORS × ${RATE_WARMUP_CUSTOMERS:-0} customers) runs and settles, so the
drill measures warm services (cold ones spend 15–27 % of their CPU in the JIT for their first tens of seconds).
**Faults**: start $FAULT_AT s into the renewal month, last $FAULT_SECONDS s; repeated $REPEATS× each.
**Drill policy** (seconds instead of days): first retry after ${RetryPolicy__FirstRetryAfter}, backoff ×${RetryPolicy__BackoffFactor} capped at ${RetryPolicy__BackoffCap},
min spacing ${RetryPolicy__MinSpacing}, ${RetryPolicy__MaxAttempts} attempts, window ${RetryPolicy__Window} (renewals fail on a test clock up to
30 days in the past), quiet hours off, customers' zone ${RetryPolicy__DefaultTimeZone} (start of day now), final action ${RetryPolicy__FinalAction},
Stripe ${Stripe__RequestsPerSecond} req/s; reminders after ${Notification__Cadence__FirstReminderAfter} / ${Notification__Cadence__SecondReminderAfter}
counted from the failure; decline lookup patience ${DeclineLookup__Patience}. Every 10th customer is suppressed (support API) before its drill.
$(production_report_line)

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
  offered_section
  for dir in $(ls -d "$RESULTS"/i*-load-*/ "$RESULTS"/i*-rate-*/ 2>/dev/null | sort -V); do
    dir=${dir%/}
    # the rate drill's work goes on after the generators stop (its backlog drains): its window is load + settle
    local window="load window" to; to=$(drill_value "$dir" load_to)
    if [[ $dir == *-rate-* ]]; then window="load and drain until settled"; to=9999999999; fi
    echo; echo "### $(basename "$dir"): CPU and memory per process ($window), queue depth over time"; echo
    echo "| process (tree) | CPU % of one core | peak RSS MB |"; echo "|---|---|---|"
    cpu_memory_table "$dir" "$(drill_value "$dir" load_from)" "$to"
    echo; echo "Total RabbitMQ backlog, every ~10 s from the start of the load: $(queue_series "$dir")"
  done
  if [ -f "$RESULTS/burst/figures.txt" ]; then
    local b="$RESULTS/burst"
    echo; echo "## Burst: signed events straight to the webhook at ${BURST_RATE}/s"; echo
    echo "Opt-in (\`--burst\`): the webhook's own intake ceiling without the sandbox. This phase (a session of its own, fresh database) posts signed ~4 KB"
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
    printf '| %s | %s | %s | %s pass, %s explained, %s fail%s |\n' "$(basename "$dir")" "$(drill_value "$dir" outcome)" \
      "$( [ -n "$(drill_value "$dir" generator_error | tr -d ' ')" ] && drill_value "$dir" generator_error || echo ok)" \
      "$(grep -c '|PASS|' "$dir/invariants.txt" 2>/dev/null)" "$(grep -c '|EXPLAINED|' "$dir/invariants.txt" 2>/dev/null)" \
      "$(grep -c '|FAIL|' "$dir/invariants.txt" 2>/dev/null)" "$(grep -q '|RE-CHECKED|' "$dir/invariants.txt" 2>/dev/null && echo " (after one re-read)")"
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
