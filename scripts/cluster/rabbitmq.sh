#!/usr/bin/env bash
# Three RabbitMQ nodes clustered on this machine: their own names, ports and data, one Erlang cookie. Source after infra.sh.

CLUSTER_RABBIT_NODES="${CLUSTER_RABBIT_NODES:-3}"
CLUSTER_RABBIT_PORT="${CLUSTER_RABBIT_PORT:-5701}"           # node N: AMQP on PORT+N-1
CLUSTER_RABBIT_MGMT_PORT="${CLUSTER_RABBIT_MGMT_PORT:-15701}" # node N: management on MGMT_PORT+N-1
CLUSTER_RABBIT_DIST_PORT="${CLUSTER_RABBIT_DIST_PORT:-25701}" # node N: Erlang distribution on DIST_PORT+N-1

cluster_rabbit_node() { echo "dunning-cluster-$1@localhost"; }
cluster_rabbit_port() { echo $((CLUSTER_RABBIT_PORT + $1 - 1)); }
cluster_rabbit_mgmt_port() { echo $((CLUSTER_RABBIT_MGMT_PORT + $1 - 1)); }

# The environment of node N; every node shares one HOME, so one .erlang.cookie lets them (and rabbitmqctl) talk.
cluster_rabbit_env() { # N
  local dir="$CLUSTER_STATE/rabbitmq-$1"
  export HOME="$CLUSTER_STATE/rabbitmq-home" RABBITMQ_NODENAME="$(cluster_rabbit_node "$1")" \
    RABBITMQ_DIST_PORT=$((CLUSTER_RABBIT_DIST_PORT + $1 - 1)) RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_PID_FILE="$PIDS/rabbitmq-$1.pid"
}

cluster_rabbit_ready() { # N
  curl -sf -u guest:guest "http://127.0.0.1:$(cluster_rabbit_mgmt_port "$1")/api/aliveness-test/%2F" | grep -q ok
}

start_cluster_rabbit_node() { # N
  local dir="$CLUSTER_STATE/rabbitmq-$1"
  if cluster_rabbit_ready "$1"; then log "RabbitMQ node $1 already answers"; return 0; fi
  mkdir -p "$dir/mnesia" "$dir/log" "$CLUSTER_STATE/rabbitmq-home"
  cat >"$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$(cluster_rabbit_port "$1")
management.tcp.ip = 127.0.0.1
management.tcp.port = $(cluster_rabbit_mgmt_port "$1")
# guest may connect from 127.0.0.1 only (the default); this cluster listens on nothing else
CONF
  echo '[rabbitmq_management].' >"$dir/enabled_plugins"
  ( cluster_rabbit_env "$1"; nohup "$RABBIT_BIN/rabbitmq-server" >"$LOGS/rabbitmq-$1.log" 2>&1 & echo $! >"$PIDS/rabbitmq-$1-launcher.pid" )
  wait_for "RabbitMQ node $1" 120 cluster_rabbit_ready "$1"
}

cluster_rabbitmqctl() { # N ARGS...: rabbitmqctl against node N
  local n="$1"; shift
  ( cluster_rabbit_env "$n"; "$RABBIT_BIN/rabbitmqctl" -n "$(cluster_rabbit_node "$n")" "$@" )
}

# Nodes 2.. join node 1 (a node already in the cluster is left as it is).
join_cluster_rabbit_nodes() {
  local n
  for n in $(seq 2 "$CLUSTER_RABBIT_NODES"); do
    if cluster_rabbitmqctl 1 cluster_status --formatter json 2>/dev/null | jq -e --arg node "$(cluster_rabbit_node "$n")" \
        '.running_nodes | index($node)' >/dev/null; then continue; fi
    cluster_rabbitmqctl "$n" stop_app >/dev/null && cluster_rabbitmqctl "$n" join_cluster "$(cluster_rabbit_node 1)" >/dev/null \
      && cluster_rabbitmqctl "$n" start_app >/dev/null || { log "RabbitMQ node $n could not join node 1"; return 1; }
    wait_for "RabbitMQ node $n in the cluster" 60 cluster_rabbit_ready "$n"
  done
  log "RabbitMQ: $CLUSTER_RABBIT_NODES nodes clustered, AMQP $(cluster_rabbit_nodes_list), management http://127.0.0.1:$CLUSTER_RABBIT_MGMT_PORT"
}

start_cluster_rabbitmq() {
  ensure_rabbitmq_installed
  local n
  for n in $(seq 1 "$CLUSTER_RABBIT_NODES"); do start_cluster_rabbit_node "$n" || return 1; done
  join_cluster_rabbit_nodes
}

cluster_rabbit_nodes_list() { local n; for n in $(seq 1 "$CLUSTER_RABBIT_NODES"); do printf '%s127.0.0.1:%s' "$([ "$n" -gt 1 ] && echo ,)" "$(cluster_rabbit_port "$n")"; done; }

stop_cluster_rabbit_node() { # N
  if [ -f "$PIDS/rabbitmq-$1.pid" ]; then cluster_rabbitmqctl "$1" stop >/dev/null 2>&1 || true; fi
  stop_pidfile "rabbitmq-$1"; stop_pidfile "rabbitmq-$1-launcher"
}

stop_cluster_rabbitmq() { local n; for n in $(seq "$CLUSTER_RABBIT_NODES" -1 1); do stop_cluster_rabbit_node "$n"; done; }
