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
  curl -sf "$SANDBOX/sandbox/record/invoices" \
    | jq -r '.[] | [.id, .status, .customer, .subscription, .amount_due, .amount_paid, .currency, .attempt_count, .billing_reason] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.invoices FROM STDIN WITH (FORMAT csv)"
  curl -sf "$SANDBOX/sandbox/record/pay-calls" \
    | jq -r '.[] | [.invoice, .idempotencyKey, .outcome, .declineCode, .at] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.pay_calls FROM STDIN WITH (FORMAT csv)"
  curl -sf "$SANDBOX/sandbox/record/webhooks" \
    | jq -r '.[] | [.eventId, .type, .url, .attempt, .status, .delivered] | @csv' \
    | "${PSQL[@]}" -c "\copy drill.webhooks FROM STDIN WITH (FORMAT csv)"
  event_invoices invoice.payment_failed | sort -u | "${PSQL[@]}" -c "\copy drill.failed_events FROM STDIN"
  event_invoices invoice.payment_action_required | sort -u | "${PSQL[@]}" -c "\copy drill.action_required_events FROM STDIN"
  emails_tsv | "${PSQL[@]}" -c "\copy drill.emails FROM STDIN WITH (FORMAT csv)"
  printf '%s\n' "${SUPPRESSED[@]}" | "${PSQL[@]}" -c "\copy drill.suppressed FROM STDIN"
}

queue_total() { curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" | jq '[.[] | select(.name | endswith("_error") | not) | .messages // 0] | add // 0'; }

unsent_and_due() {
  "${PSQL[@]}" -c "SELECT (SELECT count(*) FROM webhook.outbox WHERE sent_at IS NULL) + (SELECT count(*) FROM scheduler.outbox WHERE sent_at IS NULL)
    + (SELECT count(*) FROM notification.outbox WHERE sent_at IS NULL) + (SELECT count(*) FROM metrics.outbox WHERE sent_at IS NULL)
    + (SELECT count(*) FROM scheduler.due_jobs WHERE due_at < now() - interval '5 seconds')
    + (SELECT count(*) FROM notification.due_jobs WHERE due_at < now() - interval '5 seconds')" 2>/dev/null || echo 999999
}

delivered_events() { curl -sf "$SANDBOX/sandbox/record/webhooks" | jq '[.[] | select(.delivered) | .eventId] | unique | length'; }
all_events() { curl -sf "$SANDBOX/sandbox/record/webhooks" | jq '[.[] | .eventId] | unique | length'; }

# settle SECONDS: until queues, outboxes and past-due jobs are empty and every event the sandbox emitted
# has been answered 2xx, twice in a row 3 s apart; returns the seconds it took (or fails at the deadline).
settle() {
  local deadline=$((SECONDS + $1)) start=$SECONDS quiet=0 q u d a
  while (( SECONDS < deadline )); do
    q=$(queue_total 2>/dev/null || echo 1); u=$(unsent_and_due); d=$(delivered_events 2>/dev/null || echo 0); a=$(all_events 2>/dev/null || echo 1)
    if [ "$q" = 0 ] && [ "$u" = 0 ] && [ "$d" = "$a" ]; then quiet=$((quiet + 1)); else quiet=0; fi
    (( quiet >= 2 )) && { echo $((SECONDS - start)); return 0; }
    sleep 3
  done
  log "not settled after $1 s: queues $q, unsent/past-due $u, events answered 2xx $d of $a"
  echo "not settled after $1 s (queues $q, outbox/past-due $u, events 2xx $d/$a)"; return 1
}

error_queues() { curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" \
  | jq -r '[.[] | select(.name | endswith("_error")) | select((.messages // 0) > 0) | "\(.name): \(.messages)"] | join(", ")'; }

# check_invariants OUT: writes "name|PASS/FAIL|observed" lines
check_invariants() {
  load_record
  "${PSQL[@]}" -F '|' -v max_attempts="$RetryPolicy__MaxAttempts" -f "$DRILL_DIR/lib/invariants.sql" >"$1"
  local errors; errors=$(error_queues)
  if [ -z "$errors" ]; then echo "_error queues empty|PASS|none" >>"$1"; else echo "_error queues empty|FAIL|$errors" >>"$1"; fi
}
