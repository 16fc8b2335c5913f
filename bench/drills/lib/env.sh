#!/usr/bin/env bash
# The drills' own, isolated system: ports, state folder and settings. Source from run.sh.
# Nothing here touches the shared instance on the default ports.

DRILL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
export DUNNING_STATE="${DUNNING_STATE:-$DRILL_ROOT/.state/drills}"
export PG_PORT="${DRILL_PG_PORT:-15432}"
export RABBIT_PORT="${DRILL_RABBIT_PORT:-15673}"
export RABBIT_MGMT_PORT="${DRILL_RABBIT_MGMT_PORT:-15674}"
export RABBIT_DIST_PORT="${DRILL_RABBIT_DIST_PORT:-35673}"
export RABBITMQ_NODENAME="${DRILL_RABBITMQ_NODENAME:-drills@localhost}"
export SMTP_PORT="${DRILL_SMTP_PORT:-11025}"
export MAILDEV_WEB_PORT="${DRILL_MAILDEV_WEB_PORT:-11080}"
export SANDBOX_PORT="${DRILL_SANDBOX_PORT:-22111}"
# DRILL_SERVICE_PORT moves the four services (and DRILL_*_PORT, DRILL_RABBITMQ_NODENAME, DUNNING_STATE the rest): a second
# runner on other ports and state does not touch the first one's system (e.g. a profiling run beside a drill).
SERVICE_PORT="${DRILL_SERVICE_PORT:-15080}"
export WEBHOOK_PORT=$SERVICE_PORT SCHEDULER_PORT=$((SERVICE_PORT + 1)) NOTIFICATION_PORT=$((SERVICE_PORT + 2)) METRICS_PORT=$((SERVICE_PORT + 3))
# A second instance of every service listens 10 ports higher (15090..15093).
INSTANCE_PORT_STEP=10

source "$DRILL_ROOT/scripts/infra.sh"
source "$DRILL_ROOT/scripts/services.sh"
source "$DRILL_ROOT/bench/shipped-logging.sh"

MGMT="http://127.0.0.1:$RABBIT_MGMT_PORT"
MAILDEV="http://127.0.0.1:$MAILDEV_WEB_PORT"
SANDBOX="http://127.0.0.1:$SANDBOX_PORT"
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d dunning -v ON_ERROR_STOP=1 -qtAX)
RESULTS="$STATE/results"
mkdir -p "$RESULTS"

# A start-of-day zone: insufficient_funds retries wait for the customer's morning (00:00–03:00 local after a
# quiet night that is switched off here), so the drills run the customers in a zone where it is now ~00:00.
start_of_day_zone() {
  local hour; hour=$((10#$(date -u +%H)))
  local ahead=$(( (24 - hour) % 24 ))
  if (( ahead == 0 )); then echo "Etc/UTC"; elif (( ahead <= 14 )); then echo "Etc/GMT-$ahead"; else echo "Etc/GMT+$((24 - ahead))"; fi
}

# Drill-friendly service settings on top of services.sh's: seconds instead of days. The generator's renewals
# fail on a test clock up to 30 days in the past, so the window is 31 days (+10 min) and the waits are seconds:
# every retry of a drill happens minutes after the failure, in real time.
export_drill_settings() {
  export_service_settings
  export RetryPolicy__FirstRetryAfter="${DRILL_FIRST_RETRY_AFTER:-00:00:10}" RetryPolicy__BackoffFactor=1.5 RetryPolicy__BackoffCap=00:00:30
  export RetryPolicy__MinSpacing="${DRILL_MIN_SPACING:-00:00:05}" RetryPolicy__Window=31.00:10:00 RetryPolicy__MaxAttempts=4
  export RetryPolicy__QuietHoursStart=00:00:00 RetryPolicy__QuietHoursEnd=00:00:00
  export RetryPolicy__DefaultTimeZone="$(start_of_day_zone)" RetryPolicy__StripeOutageDeferral=00:00:05
  export RetryPolicy__FinalAction=MarkUncollectible
  export Stripe__RequestsPerSecond=100
  export Notification__Cadence__FirstReminderAfter=00:00:20 Notification__Cadence__SecondReminderAfter=00:00:40
  export Notification__Cadence__FinalNoticeBefore=00:00:10
  export Notification__PublicBaseUrl="http://127.0.0.1:$NOTIFICATION_PORT"
  export DeclineLookup__Patience=00:00:10 DeclineLookup__RetryEvery=00:00:02
  export Sandbox__Webhooks__MaxAttempts=40 Sandbox__Webhooks__FirstRetryDelayMs=500 Sandbox__Webhooks__MaxRetryDelayMs=5000
  export Sandbox__Webhooks__TimeoutSeconds=10
  # Concurrent deliveries per endpoint (Stripe delivers concurrently and out of order); 1 = one at a time, in order.
  export Sandbox__Webhooks__Concurrency="${DRILL_WEBHOOK_CONCURRENCY:-64}"
  export Metrics__GaugeRefreshInterval=00:00:05
  if [ "${DRILL_POLICY:-}" = production ]; then export_production_policy; fi # lib/production.sh
}
