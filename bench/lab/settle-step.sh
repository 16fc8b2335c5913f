#!/usr/bin/env bash
# The generator's --after-step hook in the policy lab's validation (validate.sh): returns once Dunning has taken in the clock
# step to FROZEN_TIME on CLOCK_ID, so every retry runs at the step that reaches it and is charged at that step's clock time.
# Taken in: every sandbox event answered 2xx, every queue and outbox empty, the decline look-ups done, the scheduler told of
# the clock's time, and no scheduler job on this clock due by then left. Twice in a row; fails after STEP_DEADLINE seconds.
# It also keeps the walk's renewal month in LAB_OUT/renewal-CLOCK_ID.env (the first step is an hour into it), and with
# EXPERIMENT_ID set, freezes that experiment once the step at the month's end is taken in: its arms then hold exactly the
# month's failures, not the next renewals that fail during the dunning days.
set -uo pipefail
: "${CLOCK_ID:?}" "${FROZEN_TIME:?}" "${SANDBOX:?}" "${MGMT:?}" "${PG_PORT:?}"
deadline=$((SECONDS + ${STEP_DEADLINE:-300})) quiet=0
psql_value() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dunning -qtAX -c "$1" 2>/dev/null || echo 1; }
while (( SECONDS < deadline )); do
  pending=$(curl -sf "$SANDBOX/sandbox/webhooks/pending" | jq -r .pending 2>/dev/null || echo 1)
  queued=$(curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" \
    | jq '[.[] | select(.name | endswith("_error") | not) | .messages // 0] | add // 0' 2>/dev/null || echo 1)
  left=$(psql_value "SELECT (SELECT count(*) FROM webhook.outbox WHERE sent_at IS NULL) + (SELECT count(*) FROM scheduler.outbox WHERE sent_at IS NULL)
    + (SELECT count(*) FROM webhook.due_jobs WHERE dead_at IS NULL)
    + (SELECT count(*) FROM scheduler.due_jobs WHERE clock_id = '$CLOCK_ID' AND clock_due_at <= to_timestamp($FROZEN_TIME) AND dead_at IS NULL)
    + (SELECT count(*) FROM (SELECT 1) one WHERE NOT EXISTS (SELECT 1 FROM scheduler.test_clocks
        WHERE clock_id = '$CLOCK_ID' AND frozen_time >= to_timestamp($FROZEN_TIME)))")
  if [ "$pending" = 0 ] && [ "$queued" = 0 ] && [ "$left" = 0 ]; then quiet=$((quiet + 1)); else quiet=0; fi
  (( quiet >= 2 )) && break
  sleep 0.05
done
if (( quiet >= 2 )); then
  month="${LAB_OUT:?}/renewal-$CLOCK_ID.env"
  [ -f "$month" ] || echo "RENEWAL_FROM=$((FROZEN_TIME - 3600)) RENEWAL_TO=$((FROZEN_TIME - 3600 + 30 * 86400))" >"$month"
  source "$month"
  if [ -n "${EXPERIMENT_ID:-}" ] && (( FROZEN_TIME >= RENEWAL_TO )) && [ ! -f "$LAB_OUT/frozen-$EXPERIMENT_ID" ]; then
    curl -sf -X POST -H "X-Api-Key: ${API_KEY:?}" "${SCHEDULER:?}/api/experiments/$EXPERIMENT_ID/freeze" >/dev/null || exit 1
    touch "$LAB_OUT/frozen-$EXPERIMENT_ID"
  fi
  exit 0
fi
echo "step to $(date -u -d "@$FROZEN_TIME" '+%F %H:%M') on $CLOCK_ID not taken in after ${STEP_DEADLINE:-300} s:" \
  "sandbox deliveries pending $pending, queued messages $queued, outbox/due left $left" >&2
exit 1
