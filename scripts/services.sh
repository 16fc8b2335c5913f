#!/usr/bin/env bash
# The Dunning services and the sandbox: names, ports, and how up.sh starts them. Source after infra.sh.

# Ports can be overridden by environment variables (to run a second, isolated instance).
SANDBOX_PORT="${SANDBOX_PORT:-12111}"
WEBHOOK_PORT="${WEBHOOK_PORT:-5080}"
SCHEDULER_PORT="${SCHEDULER_PORT:-5081}"
NOTIFICATION_PORT="${NOTIFICATION_PORT:-5082}"
METRICS_PORT="${METRICS_PORT:-5083}"
# Management ports: /metrics (Prometheus) answers only there, never on the public ports above.
WEBHOOK_MANAGEMENT_PORT="${WEBHOOK_MANAGEMENT_PORT:-9080}"
SCHEDULER_MANAGEMENT_PORT="${SCHEDULER_MANAGEMENT_PORT:-9081}"
NOTIFICATION_MANAGEMENT_PORT="${NOTIFICATION_MANAGEMENT_PORT:-9082}"
METRICS_MANAGEMENT_PORT="${METRICS_MANAGEMENT_PORT:-9083}"

# name:project:port:management port (none for the sandbox)
DUNNING_SERVICES=(
  "sandbox:tools/Dunning.Sandbox:$SANDBOX_PORT:"
  "billing-webhook:services/Dunning.BillingWebhook:$WEBHOOK_PORT:$WEBHOOK_MANAGEMENT_PORT"
  "retry-scheduler:services/Dunning.RetryScheduler:$SCHEDULER_PORT:$SCHEDULER_MANAGEMENT_PORT"
  "notification:services/Dunning.Notification:$NOTIFICATION_PORT:$NOTIFICATION_MANAGEMENT_PORT"
  "metrics:services/Dunning.Metrics:$METRICS_PORT:$METRICS_MANAGEMENT_PORT"
)

# Outside Development the services refuse shipped or short secrets, so a demo without them gets its own: made once with
# openssl, kept under $STATE/secrets (git-ignored) so links and keys stay valid across restarts.
demo_secret() { # NAME PREFIX
  local file="$STATE/secrets/$1"
  if [ ! -s "$file" ]; then mkdir -p "$STATE/secrets"; (umask 077; printf '%s%s' "$2" "$(openssl rand -hex 24)" >"$file"); fi
  cat "$file"
}
WEBHOOK_SECRET="${STRIPE_WEBHOOK_SECRET:-$(demo_secret webhook-secret whsec_)}"
API_KEY="${DUNNING_API_KEY:-$(demo_secret api-key dunning_)}"
UNSUBSCRIBE_SECRET="${DUNNING_UNSUBSCRIBE_SECRET:-$(demo_secret unsubscribe-secret "")}"
BUSINESS_WEBHOOK_SECRET="$(demo_secret business-webhook-secret whsec_)"

# Settings every service gets (ASP.NET Core configuration through environment variables).
export_service_settings() {
  export RabbitMq__Host=127.0.0.1 Smtp__Host=127.0.0.1 Smtp__Port="${SMTP_PORT:-1025}"
  if [ "${RABBIT_PORT:-5672}" != 5672 ]; then export RabbitMq__Port="$RABBIT_PORT"; fi
  if [ "${RABBIT_MGMT_PORT:-15672}" != 15672 ]; then export RabbitMq__ManagementUrl="http://127.0.0.1:$RABBIT_MGMT_PORT"; fi
  export Stripe__WebhookSecrets__0="$WEBHOOK_SECRET" Api__Key="$API_KEY" Notification__UnsubscribeSecrets__0="$UNSUBSCRIBE_SECRET"
  export MASSTRANSIT_USAGE_TELEMETRY=false DOTNET_CLI_TELEMETRY_OPTOUT=1 ASPNETCORE_ENVIRONMENT=Production
  if [ -n "${STRIPE_API_KEY:-}" ]; then
    export Stripe__ApiKey="$STRIPE_API_KEY" Stripe__ApiBase="https://api.stripe.com"
  else
    export Stripe__ApiKey="sk_test_sandbox" Stripe__ApiBase="http://127.0.0.1:$SANDBOX_PORT"
    # The sandbox's data is all Stripe test mode: the dashboard opens on it (the report API's default stays live).
    export Metrics__DashboardDefaultMode=test
    # Webhooks to the business go to the sandbox's stand-in for your application, which checks their signature and keeps them
    # (/sandbox/record/business-webhooks); the ops view lists their deliveries. DUNNING_BUSINESS_WEBHOOKS=off leaves them off.
    if [ "${DUNNING_BUSINESS_WEBHOOKS:-on}" = on ]; then
      export BusinessWebhooks__Url="http://127.0.0.1:$SANDBOX_PORT/sandbox/app/dunning-webhooks" \
        BusinessWebhooks__Secrets__0="$BUSINESS_WEBHOOK_SECRET" Sandbox__BusinessWebhookSecret="$BUSINESS_WEBHOOK_SECRET"
    fi
    # Expiring-card reminders for the generator's customers whose card expires before their renewal (--expiring-share);
    # DUNNING_EXPIRING_CARDS=off leaves them off, as a fresh install has them.
    if [ "${DUNNING_EXPIRING_CARDS:-on}" = on ]; then export ExpiringCards__Enabled=true; fi
  fi
  export Sandbox__WebhookUrl="http://127.0.0.1:$WEBHOOK_PORT/webhooks/stripe" Sandbox__WebhookSecret="$WEBHOOK_SECRET"
  # The ops view reads every service's health and /metrics, on the ports above (overridable).
  export Metrics__ServiceHealthUrls__webhook="http://127.0.0.1:$WEBHOOK_PORT/health" \
    Metrics__ServiceHealthUrls__scheduler="http://127.0.0.1:$SCHEDULER_PORT/health" \
    Metrics__ServiceHealthUrls__notification="http://127.0.0.1:$NOTIFICATION_PORT/health" \
    Metrics__ServiceHealthUrls__metrics="http://127.0.0.1:$METRICS_PORT/health" \
    Metrics__ServiceMetricsUrls__webhook="http://127.0.0.1:$WEBHOOK_MANAGEMENT_PORT/metrics" \
    Metrics__ServiceMetricsUrls__scheduler="http://127.0.0.1:$SCHEDULER_MANAGEMENT_PORT/metrics" \
    Metrics__ServiceMetricsUrls__notification="http://127.0.0.1:$NOTIFICATION_MANAGEMENT_PORT/metrics" \
    Metrics__ServiceMetricsUrls__metrics="http://127.0.0.1:$METRICS_MANAGEMENT_PORT/metrics" \
    Metrics__WebhookEventsUrl="http://127.0.0.1:$WEBHOOK_PORT/api/events" \
    Metrics__SchedulerUrl="http://127.0.0.1:$SCHEDULER_PORT" \
    Metrics__NotificationUrl="http://127.0.0.1:$NOTIFICATION_PORT"
}

# The PostgreSQL roles service NAME connects as (deploy/postgres/10-dunning-roles.sql): its own, and its schema's owner for the
# migrations. infra.sh's cluster trusts local connections, so no password unless DUNNING_PG_<ROLE>_PASSWORD gives one (the
# services refuse the Development ones in Production).
export_database_settings() { # NAME
  local schema
  case "$1" in
    billing-webhook) schema=webhook ;;
    retry-scheduler) schema=scheduler ;;
    notification | metrics) schema="$1" ;;
    *) return 0 ;;
  esac
  # DUNNING_PG_SERVER: another server part, e.g. cluster.sh's multi-host one (Host=a:1,b:2;...;Target Session Attributes=read-write).
  local server="${DUNNING_PG_SERVER:-Host=127.0.0.1;Port=${PG_PORT:-5432};Database=dunning}"
  export ConnectionStrings__Postgres="$server;Username=dunning_$schema$(password_setting "DUNNING_PG_${schema^^}_PASSWORD")"
  export ConnectionStrings__PostgresMigrations="$server;Username=dunning_${schema}_migrator$(password_setting "DUNNING_PG_${schema^^}_MIGRATOR_PASSWORD")"
}

# ";Password=..." from the variable named VARIABLE, quoted for a connection string; nothing when it is unset.
password_setting() { # VARIABLE
  [ -n "${!1:-}" ] || return 0
  local quoted="${!1//\"/\"\"}"
  printf ';Password="%s"' "$quoted"
}

service_healthy() { curl -sf "http://127.0.0.1:$1/health" >/dev/null; }

start_service() {
  local name="$1" project="$2" port="$3" management="$4" dll
  if service_healthy "$port"; then log "$name already answers on $port"; return 0; fi
  dll="$ROOT/$project/bin/Release/net10.0/$(basename "$project").dll"
  ( cd "$(dirname "$dll")" || exit 1; export_database_settings "$name"
    ASPNETCORE_URLS="http://127.0.0.1:$port" Management__Port="$management" \
      nohup dotnet "$dll" >"$LOGS/$name.log" 2>&1 & echo $! >"$PIDS/$name.pid" )
}

start_services() {
  export_service_settings
  local entry name project port management
  for entry in "${DUNNING_SERVICES[@]}"; do
    IFS=: read -r name project port management <<<"$entry"
    start_service "$name" "$project" "$port" "$management"
  done
  for entry in "${DUNNING_SERVICES[@]}"; do
    IFS=: read -r name project port _ <<<"$entry"
    wait_for "$name on port $port" 120 service_healthy "$port" || { log "$name did not become healthy; last log lines:"; tail -20 "$LOGS/$name.log" >&2; return 1; }
  done
}

stop_services() {
  local entry name
  for entry in "${DUNNING_SERVICES[@]}"; do
    IFS=: read -r name _ _ _ <<<"$entry"
    stop_pidfile "$name"
  done
}
