#!/usr/bin/env bash
# Settling and the invariant checks: the sandbox's record and the SMTP server's mailbox loaded next to our tables.

# Mailboxes of earlier maildev processes (stopped by the SMTP drill) are archived here so no email is forgotten.
archive_mailbox() {
  curl -sf "$MAILDEV/api/email" >"$RESULTS/mailbox-archive-$(date +%s%N).json" || log "could not archive the mailbox"
}

emails_tsv() { # every email ever received: current mailbox + archives
  { cat "$RESULTS"/mailbox-archive-*.json 2>/dev/null; curl -sf "$MAILDEV/api/email"; } \
    | jq -r '.[] | [(.headers["message-id"] // ""), (.to[0].address // ""), (.subject // "")] | @csv'
}

# invoice ids of every event of TYPE the sandbox emitted (Stripe's events API, newest first, 100 a page)
event_invoices() { # TYPE
  local after="" page
  while true; do
    page=$(curl -sf -H "Authorization: Bearer sk_test_drills" "$SANDBOX/v1/events?type=$1&limit=100${after:+&starting_after=$after}") || return 1
    jq -r '.data[] | .data.object.id' <<<"$page"
    [ "$(jq -r '.has_more' <<<"$page")" = true ] || break
    after=$(jq -r '.data[-1].id' <<<"$page")
  done
}

load_record() {
  "${PSQL[@]}" -f "$DRILL_DIR/lib/record.sql" >/dev/null
  # The service's "sent" rows are read BEFORE the mailbox: a row is committed only after the SMTP server took the email,
  # so every row of this snapshot must be in the mailbox read later. (Read the other way round, an email sent in
  # between counts as "recorded as sent but never received": the unexplained final_notice of an earlier run.)
  "${PSQL[@]}" -c "CREATE TABLE drill.sent_emails AS SELECT * FROM notification.sent_emails"
  "${PSQL[@]}" -c "CREATE TABLE drill.card_reminders AS SELECT * FROM notification.card_reminders"
  curl -sf "$SANDBOX/sandbox/record/invoices" \
    | jq -r '.[] | [.id, .status, .customer, .subscription, .amount_due, .amount_paid, .currency, .attempt_count, .billing_reason, .customer_email] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.invoices FROM STDIN WITH (FORMAT csv)"
  curl -sf "$SANDBOX/sandbox/record/pay-calls" \
    | jq -r '.[] | [.invoice, .idempotencyKey, .outcome, .declineCode, .at] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.pay_calls FROM STDIN WITH (FORMAT csv)"
  curl -sf "$SANDBOX/sandbox/record/webhooks" \
    | jq -r '.[] | [.eventId, .type, .url, .attempt, .status, .delivered, .queuedAt, .at] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.webhooks FROM STDIN WITH (FORMAT csv)"
  curl -sf "$SANDBOX/sandbox/record/business-webhooks" \
    | jq -r '.[] | [.eventId, .type, .invoice, .verified, .at] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.business_webhooks FROM STDIN WITH (FORMAT csv)"
  event_invoices invoice.payment_failed | sort -u | "${PSQL[@]}" -c "\copy drill.failed_events FROM STDIN"
  event_invoices invoice.payment_action_required | sort -u | "${PSQL[@]}" -c "\copy drill.action_required_events FROM STDIN"
  emails_tsv | "${PSQL[@]}" -c "\copy drill.emails FROM STDIN WITH (FORMAT csv)"
  printf '%s\n' "${SUPPRESSED[@]}" | "${PSQL[@]}" -c "\copy drill.suppressed FROM STDIN"
  cat "$RESULTS/smtp-stops.csv" 2>/dev/null | "${PSQL[@]}" -c "\copy drill.smtp_stops FROM STDIN WITH (FORMAT csv)"
  if [ "${DRILL_POLICY:-}" = production ]; then load_clock_record; fi
}

queue_total() { curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" | jq '[.[] | select(.name | endswith("_error") | not) | .messages // 0] | add // 0'; }

# unsent outbox rows, past-due jobs, and emails claimed but not sent (in flight, held by a killed process until their lease
# ends, or waiting after a failed attempt: the SMTP outage's held emails). A dead job (dead_at set) waits for a person, not for
# time, so it is not counted here (its due_at is 'infinity'); the invariants catch what it left undone (e.g. an email missing).
unsent_and_due() {
  "${PSQL[@]}" -c "SELECT (SELECT count(*) FROM webhook.outbox WHERE sent_at IS NULL) + (SELECT count(*) FROM scheduler.outbox WHERE sent_at IS NULL)
    + (SELECT count(*) FROM notification.outbox WHERE sent_at IS NULL) + (SELECT count(*) FROM metrics.outbox WHERE sent_at IS NULL)
    + (SELECT count(*) FROM scheduler.due_jobs WHERE due_at < now() - interval '5 seconds')
    + (SELECT count(*) FROM notification.due_jobs WHERE dead_at IS NULL AND (due_at < now() - interval '5 seconds' OR attempts > 0))
    + (SELECT count(*) FROM webhook.due_jobs WHERE dead_at IS NULL)" 2>/dev/null || echo 999999
}

# "answered-2xx all": distinct events the sandbox delivered with a 2xx answer, and all it tried to deliver
events_answered() { curl -sf "$SANDBOX/sandbox/record/webhooks" | jq -r '"\([.[] | select(.delivered) | .eventId] | unique | length) \([.[] | .eventId] | unique | length)"'; }

# settle SECONDS: until queues, outboxes and past-due jobs are empty and every event the sandbox emitted
# has been answered 2xx, twice in a row 3 s apart; returns the seconds it took (or fails at the deadline).
settle() {
  local deadline=$((SECONDS + $1)) start=$SECONDS quiet=0 q u d a
  while (( SECONDS < deadline )); do
    q=$(queue_total 2>/dev/null || echo 1); u=$(unsent_and_due)
    read -r d a <<<"$(events_answered 2>/dev/null)"; d=${d:-0} a=${a:-1}
    if [ "$q" = 0 ] && [ "$u" = 0 ] && [ "$d" = "$a" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    (( quiet >= 2 )) && { echo $((SECONDS - start)); return 0; }
    sleep 3
  done
  log "not settled after $1 s: queues $q, unsent/past-due $u, events answered 2xx $d of $a"
  echo "not settled after $1 s (queues $q, outbox/past-due $u, events 2xx $d/$a)"; return 1
}

error_queues() { curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" \
  | jq -r '[.[] | select(.name | endswith("_error")) | select((.messages // 0) > 0) | "\(.name): \(.messages)"] | join(", ")'; }

error_details() { # QUEUE: the distinct fault exception type + message of up to 20 parked messages (peeked, requeued)
  curl -sf -u guest:guest -X POST "$MGMT/api/queues/%2F/$1/get" -H 'content-type: application/json' \
    -d '{"count":20,"ackmode":"ack_requeue_true","encoding":"auto"}' \
    | jq -r '[.[] | .properties.headers | "\(.["MT-Fault-ConsumerType"] // "?" | split(".") | last): \(.["MT-Fault-ExceptionType"] // "?") \(.["MT-Fault-Message"] // "" | .[0:80])"] | group_by(.) | map("\(length)× \(.[0])") | join("; ")'
}

redrive() { # QUEUE: through the metrics service's ops API, as an operator would from the ops view
  curl -sf -X POST -H "X-Api-Key: $API_KEY" "http://127.0.0.1:$METRICS_PORT/api/ops/queues/$1/redrive" | jq -r '.moved // "?"'
}

run_invariants() {
  "${PSQL[@]}" -F '|' -v max_attempts="${RetryPolicy__MaxAttempts:-$(production_policy MaxAttempts)}" -f "$DRILL_DIR/lib/invariants.sql" >"$1"
  if [ "${DRILL_POLICY:-}" = production ]; then run_production_invariants >>"$1"; fi
}

# check_invariants OUT: writes "name|PASS/EXPLAINED/FAIL|observed" lines. Messages parked in an _error queue are
# described (fault headers), re-driven through the ops API, and every invariant is checked again after settling.
#
# The services keep working while the record is read (the scheduler's later retries, the reminders), so a pay call that
# lands between reading the sandbox and reading our tables makes them disagree for a moment. A failed check is therefore
# read once more after settling: what still fails is a finding; what passes the second time is shown as RE-CHECKED
# with the first reading (each mismatch names the invoice and the times).
check_invariants() {
  load_record
  run_invariants "$1"
  if grep -q '|FAIL|' "$1"; then
    local first; first=$(grep '|FAIL|' "$1" | awk -F'|' '{ printf "%s%s: %s", (NR > 1 ? " / " : ""), $1, $3 }')
    settle 60 >/dev/null || true
    load_record
    run_invariants "$1"
    echo "first reading, before a re-read after settling|RE-CHECKED|$first" >>"$1"
  fi
  local queues q explained="" moved settled left
  queues=$(curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" | jq -r '.[] | select(.name | endswith("_error")) | select((.messages // 0) > 0) | .name')
  if [ -z "$queues" ]; then echo "_error queues empty or explained|PASS|none" >>"$1"; return; fi
  for q in $queues; do
    explained+="$q: $(error_details "$q")"
    moved=$(redrive "$q"); explained+=" (re-driven: $moved); "
  done
  settled=$(settle 120) || true
  load_record
  run_invariants "$1"
  left=$(error_queues)
  if [ -z "$left" ]; then
    echo "_error queues empty or explained|EXPLAINED|parked: ${explained}re-driven through POST /api/ops/queues/{queue}/redrive (metrics ops API), settled in ${settled} s; every invariant above was checked again after the re-drive" >>"$1"
  else
    echo "_error queues empty or explained|FAIL|parked: ${explained}after re-drive still: $left" >>"$1"
  fi
}
