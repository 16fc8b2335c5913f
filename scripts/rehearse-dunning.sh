#!/usr/bin/env bash
# Rehearse your dunning on a Stripe test clock (docs/rehearse-on-test-clocks.md).
#
#   STRIPE_API_KEY=sk_test_... scripts/rehearse-dunning.sh        # Stripe's test mode (Dunning running with that key)
#   scripts/rehearse-dunning.sh                                    # the sandbox of scripts/up.sh
#
# Creates a test clock at the current time, a customer on it whose card works at sign-up and fails at renewal, and a
# monthly subscription; advances the clock a month to the renewal, then a day at a time for DAYS days (default 16: the
# default window is 14 days). After each step it prints what Dunning did, in order, dated by the clock: each retry and
# its outcome, each planned attempt, the final action and how the case closed (the retry scheduler's case API), and each
# email (maildev's API, when MAILDEV_URL answers; with your own SMTP server, look in its log).
# Needs curl and jq. Every Stripe call is one Stripe documents; nothing is sandbox-only.
set -euo pipefail

STRIPE_API_BASE="${STRIPE_API_BASE:-$([ -n "${STRIPE_API_KEY:-}" ] && echo https://api.stripe.com || echo http://127.0.0.1:12111)}"
STRIPE_API_KEY="${STRIPE_API_KEY:-sk_test_sandbox}"
SCHEDULER_URL="${SCHEDULER_URL:-http://127.0.0.1:5081}"
# scripts/up.sh keeps the key it made for the demo in .state/secrets/api-key.
DUNNING_API_KEY="${DUNNING_API_KEY:-$(cat "$(dirname "$0")/../.state/secrets/api-key" 2>/dev/null || true)}"
MAILDEV_URL="${MAILDEV_URL:-http://127.0.0.1:1080}"
DAYS="${DAYS:-16}"
# How long to wait, after each step, for Dunning to have acted on what Stripe sent (webhooks are asynchronous).
SETTLE_SECONDS="${SETTLE_SECONDS:-20}"

command -v jq >/dev/null || { echo "this script needs jq (apt-get install jq)" >&2; exit 2; }

stripe() { # METHOD PATH [curl -d args...]
  local method="$1" path="$2"; shift 2
  curl -sS --fail-with-body -X "$method" -u "$STRIPE_API_KEY:" "$STRIPE_API_BASE$path" "$@"
}

clock_date() { date -u -d "@$1" '+%Y-%m-%d %H:%M'; }

# Advances the clock and waits until Stripe has run everything that fell due (status "ready").
advance() {
  stripe POST "/v1/test_helpers/test_clocks/$CLOCK/advance" -d "frozen_time=$1" >/dev/null
  local deadline=$((SECONDS + 120))
  until [ "$(stripe GET "/v1/test_helpers/test_clocks/$CLOCK" | jq -r .status)" = ready ]; do
    (( SECONDS < deadline )) || { echo "the test clock did not finish advancing in 120 s" >&2; exit 1; }
    sleep 1
  done
  NOW="$1"
}

# What the retry scheduler did so far, as "clock-date  what" lines (the case's timeline is dated in the clock's time).
timeline_lines() {
  curl -sf -H "X-Api-Key: $DUNNING_API_KEY" "$SCHEDULER_URL/api/cases/$INVOICE" 2>/dev/null \
    | jq -r '.timeline[] | "\(.at[0:16] | sub("T"; " "))  \(.kind)\(if .rule then " [\(.rule)]" else "" end)\(if .detail then ": \(.detail)" else "" end)"' || true
}

# The emails sent to the customer so far, as "id subject" lines (maildev's API).
email_lines() {
  curl -sf "$MAILDEV_URL/api/email" 2>/dev/null | jq -r --arg to "$EMAIL" '.[] | select(any(.to[]; .address == $to)) | "\(.id) \(.subject)"' || true
}

# Prints what is new since the last report, once nothing new has come for 3 s (or SETTLE_SECONDS passed). Emails are
# dated by the clock's time when they were first seen.
report() {
  local deadline=$((SECONDS + SETTLE_SECONDS)) quiet=0 count last=-1 timeline emails
  while (( SECONDS < deadline && quiet < 3 )); do
    count=$(( $(timeline_lines | grep -c . || true) + $(email_lines | grep -c . || true) ))
    if (( count == last )); then quiet=$((quiet + 1)); else quiet=0; last=$count; fi
    sleep 1
  done
  timeline="$(timeline_lines)"; emails="$(email_lines)"
  {
    comm -13 <(printf '%s\n' "$PRINTED" | sort) <(printf '%s\n' "$timeline" | sort) | grep . || true
    comm -13 <(printf '%s\n' "$SEEN_EMAILS" | sort) <(printf '%s\n' "$emails" | sort) | grep . | sed "s/^[^ ]* /$(clock_date "$NOW")  email: /" || true
  } | sort -s -k1,2
  PRINTED="$timeline"; SEEN_EMAILS="$emails"
}

START=$(date -u +%s)
CLOCK=$(stripe POST /v1/test_helpers/test_clocks -d "frozen_time=$START" -d "name=Dunning rehearsal" | jq -r .id)
EMAIL="rehearsal-$(date +%s)@example.com"
CUSTOMER=$(stripe POST /v1/customers -d "email=$EMAIL" -d "test_clock=$CLOCK" | jq -r .id)
GOOD=$(stripe POST /v1/payment_methods/pm_card_visa/attach -d "customer=$CUSTOMER" | jq -r .id)
stripe POST "/v1/customers/$CUSTOMER" -d "invoice_settings[default_payment_method]=$GOOD" >/dev/null
PRICE=$(stripe POST /v1/prices -d currency=usd -d unit_amount=2900 -d "recurring[interval]=month" -d "product_data[name]=Rehearsal plan" | jq -r .id)
SUBSCRIPTION=$(stripe POST /v1/subscriptions -d "customer=$CUSTOMER" -d "items[0][price]=$PRICE" | jq -r .id)
# Stripe's documented test card that attaches but declines every charge: the renewal will fail.
BAD=$(stripe POST /v1/payment_methods/pm_card_chargeCustomerFail/attach -d "customer=$CUSTOMER" | jq -r .id)
stripe POST "/v1/customers/$CUSTOMER" -d "invoice_settings[default_payment_method]=$BAD" >/dev/null
echo "clock $CLOCK at $(clock_date "$START"), customer $CUSTOMER <$EMAIL>, subscription $SUBSCRIPTION"

# The renewal: a month on, plus two hours (Stripe finalizes a renewal invoice about an hour after creating it).
RENEWAL=$(date -u -d "$(date -u -d "@$START" "+%Y-%m-%d %H:%M:%S") UTC +1 month +2 hours" +%s)
advance "$RENEWAL"
INVOICE=$(stripe GET "/v1/subscriptions/$SUBSCRIPTION" | jq -r .latest_invoice)
echo "$(clock_date "$NOW")  renewal invoice $INVOICE: $(stripe GET "/v1/invoices/$INVOICE" | jq -r .status)"
PRINTED=""; SEEN_EMAILS=""
report

for day in $(seq 1 "$DAYS"); do
  advance $((RENEWAL + day * 86400))
  report
  outcome=$(curl -sf -H "X-Api-Key: $DUNNING_API_KEY" "$SCHEDULER_URL/api/cases/$INVOICE" 2>/dev/null | jq -r '.case.outcome // empty' || true)
  if [ -n "$outcome" ]; then echo "$(clock_date "$NOW")  the case is closed: $outcome"; break; fi
done
