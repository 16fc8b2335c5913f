#!/usr/bin/env bash
# PostgreSQL primary and standby under pg_auto_failover (Debian: pg-auto-failover-cli, postgresql-15-auto-failover), with its
# monitor, on this machine. pg_autoctl refuses root, so it runs as postgres, its data where that user can reach it.

CLUSTER_PG_MONITOR_PORT="${CLUSTER_PG_MONITOR_PORT:-6000}"
CLUSTER_PG_PORT="${CLUSTER_PG_PORT:-6001}" # node N: PORT+N-1
CLUSTER_PG_NODES=2

cluster_pg_dir() { cat "$CLUSTER_STATE/postgres-dir" 2>/dev/null; }

# A directory the postgres user can enter: under the state folder when it can, else under /var/lib (as infra.sh does).
make_cluster_pg_dir() {
  local dir="$CLUSTER_STATE/postgres"
  mkdir -p "$dir"; chown postgres:postgres "$dir"
  runuser -u postgres -- test -x "$dir" 2>/dev/null || dir="/var/lib/dunning/cluster-$(printf '%s' "$CLUSTER_STATE" | md5sum | cut -c1-12)"
  mkdir -p "$dir"; chown postgres:postgres "$dir"; echo "$dir" >"$CLUSTER_STATE/postgres-dir"
}

pg_autoctl_as_postgres() { # ARGS...
  local dir; dir="$(cluster_pg_dir)"
  runuser -u postgres -- env PATH="$PG_BIN:$PATH" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/share" pg_autoctl "$@"
}

cluster_pg_monitor_uri() { echo "postgres://autoctl_node@127.0.0.1:$CLUSTER_PG_MONITOR_PORT/pg_auto_failover?sslmode=disable"; }

ensure_pg_auto_failover_installed() {
  command -v pg_autoctl >/dev/null 2>&1 && [ -f /usr/share/postgresql/15/extension/pgautofailover.control ] && return 0
  apt_install pg-auto-failover-cli postgresql-15-auto-failover
}

# Runs a pg_autoctl node (monitor or postgres) in the background, its pid recorded; it creates the node on first run.
run_pg_autoctl() { # NAME ARGS...
  local name="$1"; shift
  local dir; dir="$(cluster_pg_dir)"
  ( nohup runuser -u postgres -- env PATH="$PG_BIN:$PATH" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/share" pg_autoctl "$@" \
      >>"$LOGS/$name.log" 2>&1 & echo $! >"$PIDS/$name.pid" )
}

cluster_pg_state() { pg_autoctl_as_postgres show state --pgdata "$(cluster_pg_dir)/monitor" 2>/dev/null; }

cluster_pg_has_primary_and_standby() { cluster_pg_state | grep -q '| *primary *| *primary' && cluster_pg_state | grep -q '| *secondary *| *secondary'; }

start_cluster_postgres() {
  ensure_postgres_installed && ensure_pg_auto_failover_installed || return 1
  [ -n "$(cluster_pg_dir)" ] || make_cluster_pg_dir
  local dir n; dir="$(cluster_pg_dir)"
  if [ -f "$dir/monitor/PG_VERSION" ]; then run_pg_autoctl pg-monitor run --pgdata "$dir/monitor"
  else
    run_pg_autoctl pg-monitor create monitor --pgdata "$dir/monitor" --pgport "$CLUSTER_PG_MONITOR_PORT" --hostname 127.0.0.1 --listen 127.0.0.1 \
      --auth trust --no-ssl --run
  fi
  wait_for "the pg_auto_failover monitor" 60 "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$CLUSTER_PG_MONITOR_PORT" -q || return 1
  for n in $(seq 1 "$CLUSTER_PG_NODES"); do
    if [ ! -f "$dir/node$n/PG_VERSION" ]; then
      pg_autoctl_as_postgres create postgres --pgdata "$dir/node$n" --pgport $((CLUSTER_PG_PORT + n - 1)) --hostname 127.0.0.1 \
        --listen 127.0.0.1 --auth trust --no-ssl --monitor "$(cluster_pg_monitor_uri)" --name "node$n" >>"$LOGS/pg-node$n.log" 2>&1 \
        || { tail -20 "$LOGS/pg-node$n.log" >&2; return 1; }
    fi
    # Two instances of four services hold more connections than PostgreSQL's default 100 (the single node has 400 too).
    grep -q '^max_connections = 400' "$dir/node$n/postgresql.conf" || echo 'max_connections = 400' >>"$dir/node$n/postgresql.conf"
    run_pg_autoctl "pg-node$n" run --pgdata "$dir/node$n"
    wait_for "PostgreSQL node $n" 120 "$PG_BIN/pg_isready" -h 127.0.0.1 -p $((CLUSTER_PG_PORT + n - 1)) -q || return 1
  done
  wait_for "a primary and a standby" 180 cluster_pg_has_primary_and_standby || { cluster_pg_state >&2; return 1; }
  # The monitor's view can lead the nodes' own: wait until the one it calls primary takes writes.
  wait_for "the primary to take writes" 60 cluster_pg_primary_writable || return 1
  # The dunning database, roles and schemas, on whichever node is primary (the standby replicates them).
  PG_PORT="$(cluster_pg_primary_port)" setup_dunning_database || return 1
  log "PostgreSQL: primary and standby on $(cluster_pg_hosts) under pg_auto_failover (monitor on $CLUSTER_PG_MONITOR_PORT)"
}

cluster_pg_primary_port() { cluster_pg_state | awk -F'|' '$6 ~ /primary/ && $7 ~ /primary/ { split($3, a, ":"); gsub(/ /, "", a[2]); print a[2] }'; }

cluster_pg_primary_writable() {
  local port; port=$(cluster_pg_primary_port)
  [ -n "$port" ] && [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAXc 'SELECT NOT pg_is_in_recovery()' 2>/dev/null)" = t ]
}

cluster_pg_hosts() { local n; for n in $(seq 1 "$CLUSTER_PG_NODES"); do printf '%s127.0.0.1:%s' "$([ "$n" -gt 1 ] && echo ,)" $((CLUSTER_PG_PORT + n - 1)); done; }

stop_cluster_postgres() {
  local dir n; dir="$(cluster_pg_dir)"; [ -n "$dir" ] || return 0
  for n in $(seq "$CLUSTER_PG_NODES" -1 1); do
    [ -f "$PIDS/pg-node$n.pid" ] && pg_autoctl_as_postgres stop --pgdata "$dir/node$n" >/dev/null 2>&1
    stop_pidfile "pg-node$n"
  done
  [ -f "$PIDS/pg-monitor.pid" ] && pg_autoctl_as_postgres stop --pgdata "$dir/monitor" >/dev/null 2>&1
  stop_pidfile pg-monitor
}
