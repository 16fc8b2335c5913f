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
  if [ -z "${STRIPE_API_KEY:-}" ]; then
    # Demo on the sandbox: the production retry policy and email cadence, on the generator's test clock (Dunning runs each
    # case in its clock's time); only the final action is chosen so the demo shows cancellations and churn.
    export RetryPolicy__FinalAction="${RetryPolicy__FinalAction:-CancelSubscription}"
  fi
  start_services
  if [ -z "${STRIPE_API_KEY:-}" ] && [ -z "${DUNNING_NO_GENERATOR:-}" ] && [ ! -f "$PIDS/generator.pid" ]; then
    log "sandbox traffic generator: a month of renewals and 16 days of dunning on a test clock, 2 s a day (log: $LOGS/generator.log)"
    ( nohup dotnet "$ROOT/tools/Dunning.Sandbox/bin/Release/net10.0/Dunning.Sandbox.dll" generate \
        --customers "${DUNNING_DEMO_CUSTOMERS:-200}" --failure-rate 0.3 --seed 42 --speed 2 --days 30 --dunning-days 16 \
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
  Prometheus        http://127.0.0.1:{9080,9081,9082,9083}/metrics     (native; Docker: <service>:9090 inside the compose network)
  Logs              $LOGS/
Stop everything with scripts/down.sh.
MSG
