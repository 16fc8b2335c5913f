#!/usr/bin/env bash
# Stops exactly what up.sh (or test.sh) started, by recorded pid — never by process name.
set -uo pipefail
source "$(dirname "$0")/infra.sh"
source "$(dirname "$0")/services.sh"

if [ "$(cat "$STATE/mode" 2>/dev/null)" = docker ]; then
  docker compose -f "$ROOT/docker-compose.yml" down
else
  stop_pidfile generator
  stop_services
  stop_pidfile maildev
  stop_rabbitmq
  stop_postgres
fi
rm -f "$STATE/mode"
log "stopped"
