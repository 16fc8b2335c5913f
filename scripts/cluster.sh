#!/usr/bin/env bash
# Dunning past one machine, on one machine: three clustered RabbitMQ nodes (quorum queues), a PostgreSQL primary and standby
# under pg_auto_failover with its monitor, HAProxy in front of the webhook instances, two instances of every service, the
# sandbox and maildev. Every process's pid is recorded under the cluster's state folder and `down` stops exactly those.
#   scripts/cluster.sh up | down | status | purge (down, then delete the cluster's data; needed once when the cluster's RabbitMQ
#   still holds classic queues from before quorum queues: RabbitMQ refuses to redeclare a queue with another type, decision 014)
# Ports (all on 127.0.0.1, overridable, see scripts/cluster/*.sh): Stripe webhooks 6080 (HAProxy), services 6180-6183 and
# 6280-6283, RabbitMQ 5701-5703 (management 15701-15703), PostgreSQL 6001-6002 (monitor 6000), sandbox 6111, maildev 6025/6026.
set -euo pipefail
export DUNNING_STATE="${DUNNING_CLUSTER_STATE:-$(cd "$(dirname "$0")/.." && pwd)/.state/cluster}"
export SMTP_PORT="${CLUSTER_SMTP_PORT:-6025}" MAILDEV_WEB_PORT="${CLUSTER_MAILDEV_WEB_PORT:-6026}"
source "$(dirname "$0")/infra.sh"
source "$(dirname "$0")/services.sh"
CLUSTER_STATE="$STATE"
for part in rabbitmq postgres haproxy settings services; do source "$(dirname "$0")/cluster/$part.sh"; done

up() {
  ensure_tools
  start_cluster_rabbitmq
  start_cluster_postgres
  start_maildev
  log "building (Release)"
  dotnet build "$ROOT/Dunning.sln" -c Release -nologo -v quiet >"$LOGS/build.log" 2>&1 || { tail -30 "$LOGS/build.log"; exit 1; }
  start_cluster_services
  # shellcheck disable=SC2046
  start_haproxy $(cluster_webhook_ports)
  status
}

down() {
  stop_haproxy
  stop_cluster_services
  stop_pidfile maildev
  stop_cluster_postgres
  stop_cluster_rabbitmq
  log "cluster stopped (data kept in $CLUSTER_STATE; 'purge' deletes it)"
}

status() {
  cat <<MSG

Stripe webhooks   POST http://127.0.0.1:$CLUSTER_WEBHOOK_PORT/webhooks/stripe (HAProxy over webhook instances on $(cluster_webhook_ports | paste -sd, -))
Dashboard         http://127.0.0.1:$((CLUSTER_SERVICE_PORT + 3))/ and http://127.0.0.1:$((CLUSTER_SERVICE_PORT + 103))/
RabbitMQ          $(cluster_rabbit_nodes_list) (management http://127.0.0.1:$CLUSTER_RABBIT_MGMT_PORT, guest/guest; quorum queues)
PostgreSQL        $(cluster_pg_hosts), read-write on whichever is primary (pg_auto_failover monitor on $CLUSTER_PG_MONITOR_PORT)
MSG
  cluster_pg_state || true
  echo "Logs: $LOGS/"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  purge) down; rm -rf "$CLUSTER_STATE" "$(cluster_pg_dir 2>/dev/null || true)"; log "cluster data deleted" ;;
  *) echo "usage: $0 up|down|status|purge" >&2; exit 2 ;;
esac
