#!/usr/bin/env bash
# Starting, killing and restarting the drill system's processes, always by recorded pid.

# name:project:base-port (the sandbox runs once; the four services may run twice)
DRILL_SERVICES=(
  "billing-webhook:services/Dunning.BillingWebhook:$WEBHOOK_PORT"
  "retry-scheduler:services/Dunning.RetryScheduler:$SCHEDULER_PORT"
  "notification:services/Dunning.Notification:$NOTIFICATION_PORT"
  "metrics:services/Dunning.Metrics:$METRICS_PORT"
)
INSTANCES="${INSTANCES:-1}"

service_entry() { local e; for e in "${DRILL_SERVICES[@]}"; do [[ $e == "$1:"* ]] && echo "$e"; done; }

# start_instance NAME PROJECT PORT PIDNAME: runs the Release dll in the background, pid in $PIDS/PIDNAME.pid.
start_instance() {
  local name="$1" project="$2" port="$3" pidname="$4" dll
  dll="$ROOT/$project/bin/Release/net10.0/$(basename "$project").dll"
  # cd first, then a lone command in the background: $! is the dotnet process itself (kill -9 must hit it, not a shell)
  ( cd "$(dirname "$dll")" || exit 1; export_database_settings "$name"
    ASPNETCORE_URLS="http://127.0.0.1:$port" nohup env $(shipped_logging_env) dotnet "$dll" >>"$LOGS/$pidname.log" 2>&1 & echo $! >"$PIDS/$pidname.pid" )
}

instance_port() { echo $(( $2 + ($1 - 1) * INSTANCE_PORT_STEP )); }

start_drill_service() { # NAME INSTANCE
  local name project port
  IFS=: read -r name project port <<<"$(service_entry "$1")"
  port=$(instance_port "$2" "$port")
  start_instance "$name" "$project" "$port" "$name-$2"
  wait_for "$name-$2 on $port" 120 service_healthy "$port" || { tail -20 "$LOGS/$name-$2.log" >&2; return 1; }
}

start_sandbox() {
  start_instance sandbox tools/Dunning.Sandbox "$SANDBOX_PORT" sandbox
  wait_for "sandbox on $SANDBOX_PORT" 60 service_healthy "$SANDBOX_PORT"
}

# All services at once, then wait for each to be healthy; second instances only after the first ones are up (the
# first instance migrates its schema, and two instances migrating the same schema at once would collide).
start_all_services() {
  local entry name project port i
  for i in $(seq 1 "$INSTANCES"); do
    for entry in "${DRILL_SERVICES[@]}"; do
      IFS=: read -r name project port <<<"$entry"
      start_instance "$name" "$project" "$(instance_port "$i" "$port")" "$name-$i"
    done
    for entry in "${DRILL_SERVICES[@]}"; do
      IFS=: read -r name project port <<<"$entry"
      wait_for "$name-$i on $(instance_port "$i" "$port")" 180 service_healthy "$(instance_port "$i" "$port")" \
        || { tail -20 "$LOGS/$name-$i.log" >&2; return 1; }
    done
  done
}

stop_all_services() {
  local entry name i
  for entry in "${DRILL_SERVICES[@]}"; do
    IFS=: read -r name _ _ <<<"$entry"
    for i in 1 2; do stop_pidfile "$name-$i"; done
  done
}

kill9_instance() { # NAME INSTANCE
  local file="$PIDS/$1-$2.pid"
  [ -f "$file" ] && kill -KILL "$(cat "$file")" 2>/dev/null
  rm -f "$file"
}

# A fresh database for a drill session: drop, then recreate with the services' roles and schemas; the services migrate at start-up.
fresh_database() {
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qtAX -c "DROP DATABASE IF EXISTS dunning WITH (FORCE)" >/dev/null
  setup_dunning_database
}

fresh_rabbitmq() { # delete every queue and exchange left from an earlier session
  local q
  for q in $(curl -sf -u guest:guest "$MGMT/api/queues/%2F?columns=name" | jq -r '.[].name'); do
    curl -sf -u guest:guest -X DELETE "$MGMT/api/queues/%2F/$q" >/dev/null
  done
}

pids_of_tree() { # PID: the pid and all its descendants
  local pid="$1" child
  echo "$pid"
  for child in $(pgrep -P "$pid" 2>/dev/null); do pids_of_tree "$child"; done
}
