#!/usr/bin/env bash
# Starts the whole Dunning system: infrastructure, the four services and the Stripe sandbox.
# Idempotent: what already runs is left running. Honours STRIPE_API_KEY and STRIPE_WEBHOOK_SECRET.
set -euo pipefail
source "$(dirname "$0")/infra.sh"
source "$(dirname "$0")/services.sh"

if docker_engine_answers && [ -z "${DUNNING_NO_DOCKER:-}" ]; then
  log "a Docker engine answers: using docker compose"
  docker compose -f "$ROOT/docker-compose.yml" up -d --build --wait
  echo docker >"$STATE/mode"
else
  echo native >"$STATE/mode"
  start_infrastructure
  log "building (Release)"
  dotnet build "$ROOT/Dunning.sln" -c Release -nologo -v quiet >"$LOGS/build.log" 2>&1 || { tail -30 "$LOGS/build.log"; exit 1; }
  if [ -z "${STRIPE_API_KEY:-}" ] && [ -z "${DUNNING_REAL_POLICY:-}" ]; then
    # Demo on the sandbox: the generator replays a month of renewals in a minute, so the retry policy runs in
    # seconds instead of days (same rules, same budgets; DUNNING_REAL_POLICY=1 keeps the production numbers).
    export RetryPolicy__FirstRetryAfter=00:00:15 RetryPolicy__BackoffCap=00:01:00 RetryPolicy__MinSpacing=00:00:15 \
      RetryPolicy__Window=60.00:00:00 RetryPolicy__QuietHoursStart=00:00:00 RetryPolicy__QuietHoursEnd=00:00:00 \
      RetryPolicy__PreferStartOfDay=false RetryPolicy__FinalAction=CancelSubscription
  fi
  start_services
  if [ -z "${STRIPE_API_KEY:-}" ] && [ -z "${DUNNING_NO_GENERATOR:-}" ] && [ ! -f "$PIDS/generator.pid" ]; then
    log "sandbox traffic generator: a simulated month of renewals in about a minute (log: $LOGS/generator.log)"
    ( nohup dotnet "$ROOT/tools/Dunning.Sandbox/bin/Release/net10.0/Dunning.Sandbox.dll" generate \
        --customers "${DUNNING_DEMO_CUSTOMERS:-200}" --failure-rate 0.3 --seed 42 --speed 2 --days 30 \
        --sandbox-url http://127.0.0.1:12111 >"$LOGS/generator.log" 2>&1 & echo $! >"$PIDS/generator.pid" )
  fi
fi

cat <<MSG

Dunning is up.
  Stripe webhooks   POST http://127.0.0.1:5080/webhooks/stripe   (secret: $WEBHOOK_SECRET)
  Dashboard         http://127.0.0.1:5083/                         (API key: $API_KEY)
  Stripe sandbox    http://127.0.0.1:12111/                        ($([ -n "${STRIPE_API_KEY:-}" ] && echo "not used: STRIPE_API_KEY is set" || echo "Stripe calls go here"))
  RabbitMQ UI       http://127.0.0.1:15672/                        (guest/guest)
  maildev UI        http://127.0.0.1:1080/
  Health            http://127.0.0.1:{5080,5081,5082,5083}/health
  Logs              $LOGS/
Stop everything with scripts/down.sh.
MSG
