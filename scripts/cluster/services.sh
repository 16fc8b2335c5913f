#!/usr/bin/env bash
# Two instances of every service (Release builds) against the cluster, and the sandbox posting Stripe's webhooks to HAProxy.

CLUSTER_INSTANCES="${CLUSTER_INSTANCES:-2}"
CLUSTER_SERVICE_PORT="${CLUSTER_SERVICE_PORT:-6180}"       # instance I of the Kth service: PORT + (I-1)*100 + K
CLUSTER_MANAGEMENT_PORT="${CLUSTER_MANAGEMENT_PORT:-7180}" # its /metrics, the same way
CLUSTER_SANDBOX_PORT="${CLUSTER_SANDBOX_PORT:-6111}"
CLUSTER_SERVICES=(billing-webhook:services/Dunning.BillingWebhook retry-scheduler:services/Dunning.RetryScheduler
  notification:services/Dunning.Notification metrics:services/Dunning.Metrics)

cluster_service_port() { echo $(($1 + ($2 - 1) * 100 + $3)); } # BASE INSTANCE K

# The settings every instance gets: services.sh's, then the cluster's (settings.sh) on top.
export_cluster_settings() {
  WEBHOOK_PORT="$CLUSTER_WEBHOOK_PORT" SCHEDULER_PORT=$((CLUSTER_SERVICE_PORT + 1)) NOTIFICATION_PORT=$((CLUSTER_SERVICE_PORT + 2))
  METRICS_PORT=$((CLUSTER_SERVICE_PORT + 3)) WEBHOOK_MANAGEMENT_PORT="$CLUSTER_MANAGEMENT_PORT"
  SCHEDULER_MANAGEMENT_PORT=$((CLUSTER_MANAGEMENT_PORT + 1)) NOTIFICATION_MANAGEMENT_PORT=$((CLUSTER_MANAGEMENT_PORT + 2))
  METRICS_MANAGEMENT_PORT=$((CLUSTER_MANAGEMENT_PORT + 3)) SANDBOX_PORT="$CLUSTER_SANDBOX_PORT"
  export_service_settings
  export_cluster_client_settings "http://127.0.0.1:$CLUSTER_RABBIT_MGMT_PORT"
}

start_cluster_instance() { # NAME PROJECT INSTANCE K
  local name="$1" project="$2" i="$3" k="$4" dll port
  port=$(cluster_service_port "$CLUSTER_SERVICE_PORT" "$i" "$k")
  if service_healthy "$port"; then log "$name-$i already answers on $port"; return 0; fi
  dll="$ROOT/$project/bin/Release/net10.0/$(basename "$project").dll"
  ( cd "$(dirname "$dll")" || exit 1; export_database_settings "$name"
    ASPNETCORE_URLS="http://127.0.0.1:$port" Management__Port="$(cluster_service_port "$CLUSTER_MANAGEMENT_PORT" "$i" "$k")" \
      nohup dotnet "$dll" >>"$LOGS/$name-$i.log" 2>&1 & echo $! >"$PIDS/$name-$i.pid" )
}

# Instance 1 of every service first (each migrates its schema at start-up), then the others: two instances migrating one
# schema at once would collide.
start_cluster_services() {
  export_cluster_settings
  local i k entry name project port
  start_service sandbox tools/Dunning.Sandbox "$CLUSTER_SANDBOX_PORT" ""
  wait_for "sandbox" 60 service_healthy "$CLUSTER_SANDBOX_PORT" || return 1
  for i in $(seq 1 "$CLUSTER_INSTANCES"); do
    k=0; for entry in "${CLUSTER_SERVICES[@]}"; do IFS=: read -r name project <<<"$entry"; start_cluster_instance "$name" "$project" "$i" "$k"; k=$((k + 1)); done
    k=0
    for entry in "${CLUSTER_SERVICES[@]}"; do
      IFS=: read -r name _ <<<"$entry"; port=$(cluster_service_port "$CLUSTER_SERVICE_PORT" "$i" "$k"); k=$((k + 1))
      wait_for "$name-$i on $port" 180 service_healthy "$port" || { tail -20 "$LOGS/$name-$i.log" >&2; return 1; }
    done
  done
}

cluster_webhook_ports() { local i; for i in $(seq 1 "$CLUSTER_INSTANCES"); do cluster_service_port "$CLUSTER_SERVICE_PORT" "$i" 0; done; }

stop_cluster_services() {
  local entry name i
  for entry in "${CLUSTER_SERVICES[@]}"; do
    IFS=: read -r name _ <<<"$entry"
    for i in $(seq 1 "$CLUSTER_INSTANCES"); do stop_pidfile "$name-$i"; done
  done
  stop_pidfile sandbox
}
