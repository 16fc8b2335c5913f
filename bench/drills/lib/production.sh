#!/usr/bin/env bash
# The production-policy drill (issue 18): the other drills compress the policy into seconds; this one runs the services on
# the production retry policy and email cadence, its generators walking PRODUCTION_DUNNING_DAYS past the renewal month on
# their test clocks (as the demo does), so every case's 14-day window plays out in clock time (ADR 007). On top of the
# invariants it checks the schedule, the reminders and the ends of the cases in clock time (lib/production.sql).

PRODUCTION_CUSTOMERS="${PRODUCTION_CUSTOMERS:-100}"
# 2 s per simulated day, the demo's pace: the services take in each step (a test-clock event to every service, then the
# retries and reminders it made due) before the next, so a job runs at the step that reaches it, not one or two later.
PRODUCTION_SPEED="${PRODUCTION_SPEED:-2}"
# The last renewal fails on the month's last day; its 14-day window ends 14 days later, two more days to see it closed.
PRODUCTION_DUNNING_DAYS="${PRODUCTION_DUNNING_DAYS:-16}"
# The generator advances its clock a day at a time: a job due between two steps runs at the next one.
PRODUCTION_CLOCK_STEP="1 day"

# The production policy as the scheduler ships it (appsettings.json; RetryPolicyOptions has the same defaults).
production_policy() { jq -r ".RetryPolicy.$1" "$ROOT/services/Dunning.RetryScheduler/appsettings.json"; }
# A .NET TimeSpan ("14.00:00:00", "12:00:00") as a PostgreSQL interval.
timespan_interval() { sed -E 's/^([0-9]+)\./\1 days /' <<<"$1"; }
# The production email cadence: CadenceOptions' defaults (the notification service ships no Cadence section).
PRODUCTION_FIRST_REMINDER="3 days" PRODUCTION_SECOND_REMINDER="7 days" PRODUCTION_FINAL_NOTICE_BEFORE="48 hours"
# The one override (see export_production_policy) and the invoice status it leaves in Stripe.
PRODUCTION_FINAL_ACTION=MarkUncollectible PRODUCTION_FINAL_STATUS=uncollectible

# Called by export_drill_settings when DRILL_POLICY=production: drops the drills' compressed policy and cadence, so the
# services run their defaults. One override remains, the final action: production's LeavePastDue leaves a lost invoice open
# in Stripe, so nothing would show that the final action ran or that the loss reached Stripe.
export_production_policy() {
  local name
  for name in $(compgen -e | grep -E '^(RetryPolicy|Notification__Cadence)__'); do unset "$name"; done
  export RetryPolicy__FinalAction="$PRODUCTION_FINAL_ACTION"
}

production_policy_text() {
  local -A p; local key
  for key in MaxAttempts Window FirstRetryAfter BackoffFactor BackoffCap Jitter MinSpacing QuietHoursStart QuietHoursEnd DefaultTimeZone; do
    p[$key]=$(production_policy "$key")
  done
  echo "production policy: ${p[MaxAttempts]} retries within ${p[Window]} of the first failure, the first ${p[FirstRetryAfter]} after it," \
    "backoff x${p[BackoffFactor]} capped at ${p[BackoffCap]} (jitter ${p[Jitter]}), at least ${p[MinSpacing]} apart," \
    "none ${p[QuietHoursStart]}-${p[QuietHoursEnd]} in the customer's zone (default ${p[DefaultTimeZone]})," \
    "final action $PRODUCTION_FINAL_ACTION (the one override: production leaves the invoice past due);" \
    "reminders $PRODUCTION_FIRST_REMINDER and $PRODUCTION_SECOND_REMINDER after the failure, final notice $PRODUCTION_FINAL_NOTICE_BEFORE" \
    "before the final attempt; $GENERATORS generators x $PRODUCTION_CUSTOMERS customers on test clocks walking $DAYS days of renewals" \
    "and $PRODUCTION_DUNNING_DAYS days of dunning, a day per $PRODUCTION_SPEED s"
}

# A fresh session on the production policy, one instance, no fault. DRILL_POLICY reaches export_drill_settings (run_session)
# and the checks (run_drill) through bash's dynamic scope, and ends with this function.
run_production_drill() {
  local DRILL_POLICY=production CUSTOMERS="$PRODUCTION_CUSTOMERS" SPEED="$PRODUCTION_SPEED" DUNNING_DAYS="$PRODUCTION_DUNNING_DAYS" SIGNUP_SPEED=0
  run_session 1 || return 1
  run_drill production 1
  { echo "policy=$(production_policy_text)"; echo "dunning_days=$DUNNING_DAYS"; } >>"$RESULTS/i1-production-1/drill.txt"
}

sandbox_events() { # TYPE: every event of TYPE the sandbox emitted, one JSON object a line (Stripe's events API, 100 a page)
  local after="" page
  while true; do
    page=$(curl -sf -H "Authorization: Bearer sk_test_drills" "$SANDBOX/v1/events?type=$1&limit=100${after:+&starting_after=$after}") || return 1
    jq -c '.data[]' <<<"$page"
    [ "$(jq -r '.has_more' <<<"$page")" = true ] || break
    after=$(jq -r '.data[-1].id' <<<"$page")
  done
}

# The sandbox's own clock record, next to the drill schema's other tables (load_record): every invoice payment event with its
# clock time (an event's `created` is its test clock's time) and the idempotency key of the request that caused it, so a
# retry's clock time is the sandbox's, not the scheduler's; and where each test clock stands.
load_clock_record() {
  "${PSQL[@]}" -c "SET client_min_messages = warning" -c "DROP TABLE IF EXISTS drill.payment_events, drill.clocks" \
    -c "CREATE TABLE drill.payment_events (event_id text, type text, invoice text, created timestamptz, idempotency_key text)" \
    -c "CREATE TABLE drill.clocks (clock_id text PRIMARY KEY, frozen_time timestamptz)"
  local type
  for type in invoice.payment_failed invoice.paid invoice.payment_action_required; do
    sandbox_events "$type" | jq -r '[.id, .type, .data.object.id, (.created | todate), .request.idempotency_key] | @csv'
  done | "${PSQL[@]}" -c "\copy drill.payment_events FROM STDIN WITH (FORMAT csv)"
  curl -sf -H "Authorization: Bearer sk_test_drills" "$SANDBOX/v1/test_helpers/test_clocks?limit=100" \
    | jq -r '.data[] | [.id, (.frozen_time | todate)] | @csv' | "${PSQL[@]}" -c "\copy drill.clocks FROM STDIN WITH (FORMAT csv)"
}

run_production_invariants() {
  "${PSQL[@]}" -F '|' -f "$DRILL_DIR/lib/production.sql" \
    -v max_attempts="$(production_policy MaxAttempts)" -v window="$(timespan_interval "$(production_policy Window)")" \
    -v min_spacing="$(timespan_interval "$(production_policy MinSpacing)")" \
    -v quiet_start="$(production_policy QuietHoursStart)" -v quiet_end="$(production_policy QuietHoursEnd)" \
    -v default_zone="$(production_policy DefaultTimeZone)" -v clock_step="$PRODUCTION_CLOCK_STEP" \
    -v first_reminder="$PRODUCTION_FIRST_REMINDER" -v second_reminder="$PRODUCTION_SECOND_REMINDER" \
    -v final_notice_before="$PRODUCTION_FINAL_NOTICE_BEFORE" \
    -v final_action="$PRODUCTION_FINAL_ACTION" -v final_status="$PRODUCTION_FINAL_STATUS"
}

# The report's line for the production drill (write_report): its policy and how its checks came out.
production_report_line() {
  local dir="$RESULTS/i1-production-1" file
  [ -f "$dir/drill.txt" ] || { echo "**Production policy drill** (\`--only production\`): not run."; return; }
  file="$dir/invariants.txt"
  echo "**Production policy drill** (\`i1-production-1\`, \`--only production\`): $(drill_value "$dir" policy)."
  echo "On top of the invariants, $(grep -c '^production policy: ' "$file") checks in clock time (\"production policy: ...\");"
  echo "of its $(grep -c '|\(PASS\|FAIL\|EXPLAINED\)|' "$file") checks $(grep -c '|PASS|' "$file") pass, $(grep -c '|FAIL|' "$file") fail."
}
