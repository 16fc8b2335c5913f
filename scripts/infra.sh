#!/usr/bin/env bash
# Infrastructure helpers shared by up.sh, down.sh and test.sh.
# Everything listens on 127.0.0.1; state lives in the git-ignored .state/ folder.
# Source this file; it defines functions and changes nothing by itself.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${DUNNING_STATE:-$ROOT/.state}"
PIDS="$STATE/pids"
LOGS="$STATE/logs"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
RABBIT_BIN=/usr/lib/rabbitmq/bin
# Ports and the RabbitMQ node name; override all of them (and DUNNING_STATE) to run a second, isolated instance.
PG_PORT="${PG_PORT:-5432}"
RABBIT_PORT="${RABBIT_PORT:-5672}"
RABBIT_MGMT_PORT="${RABBIT_MGMT_PORT:-15672}"
RABBIT_DIST_PORT="${RABBIT_DIST_PORT:-${RABBITMQ_DIST_PORT:-$((RABBIT_PORT + 20000))}}"
RABBIT_NODE="${RABBITMQ_NODENAME:-dunning@localhost}"
SMTP_PORT="${SMTP_PORT:-1025}"
MAILDEV_WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
mkdir -p "$PIDS" "$LOGS"

log() { printf '[dunning] %s\n' "$*" >&2; }

# wait_for DESCRIPTION SECONDS COMMAND... : polls COMMAND until it succeeds or the deadline passes.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then log "timed out after ${seconds}s waiting for $what"; return 1; fi
    sleep 0.5
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

docker_engine_answers() { command -v docker >/dev/null 2>&1 && timeout 5 docker info >/dev/null 2>&1; }

apt_install() {
  log "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f "$STATE/.apt-updated" ]; then apt-get update -q >"$LOGS/apt.log" 2>&1 && touch "$STATE/.apt-updated"; fi
  apt-get install -y -q --no-install-recommends "$@" >>"$LOGS/apt.log" 2>&1 || { log "apt-get install $* failed; see $LOGS/apt.log"; return 1; }
}

ensure_postgres_installed() {
  [ -x "$PG_BIN/pg_ctl" ] || apt_install postgresql-15 postgresql-client-15
  # Debian starts its own cluster on install; ours has its own data directory, so stop theirs.
  if command -v pg_lsclusters >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q online; then
    pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
  fi
}

ensure_rabbitmq_installed() {
  [ -x "$RABBIT_BIN/rabbitmq-server" ] || apt_install rabbitmq-server
  # The package may start a system node on install; we run our own node with our own state.
  if pgrep -u rabbitmq -f 'beam.*rabbit' >/dev/null 2>&1; then
    (service rabbitmq-server stop || invoke-rc.d rabbitmq-server stop) >/dev/null 2>&1 || true
  fi
}

ensure_maildev_installed() {
  command -v maildev >/dev/null 2>&1 && return 0
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  log "installing maildev with npm"
  npm install -g --no-fund --no-audit maildev@3.0.0 >"$LOGS/npm.log" 2>&1 || { log "npm install maildev failed; see $LOGS/npm.log"; return 1; }
}

postgres_ready() { "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; }

# PostgreSQL refuses to run as root, so its data directory must be reachable by the postgres user;
# when the checkout sits below a folder that user cannot enter, the data lives in /var/lib instead.
postgres_data_dir() {
  mkdir -p "$STATE/postgres"
  if runuser -u postgres -- test -x "$STATE/postgres" 2>/dev/null || { chown postgres:postgres "$STATE/postgres" && runuser -u postgres -- test -x "$STATE/postgres"; }; then
    echo "$STATE/postgres"
  else
    local owner="$ROOT"; [ "$STATE" = "$ROOT/.state" ] || owner="$STATE"
    local fallback="/var/lib/dunning/$(printf '%s' "$owner" | md5sum | cut -c1-12)/postgres"
    mkdir -p "$fallback"; echo "$fallback"
  fi
}

start_postgres() {
  if postgres_ready; then log "PostgreSQL already answers on $PG_PORT"; else launch_postgres || return 1; fi
  setup_dunning_database
}

launch_postgres() {
  ensure_postgres_installed
  local data; data="$(postgres_data_dir)"
  echo "$data" >"$STATE/postgres-data-dir"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"; chown postgres:postgres "$data"; chmod 700 "$data"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$LOGS/postgres-init.log" 2>&1
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$data'
max_connections = 400
shared_buffers = 256MB
fsync = on
synchronous_commit = on
CONF
  fi
  chown -R postgres:postgres "$data"
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null || { tail -20 "$data/server.log" >&2; return 1; }
  ln -sf "$data/server.log" "$LOGS/postgres.log"
  head -1 "$data/postmaster.pid" >"$PIDS/postgres.pid"
  wait_for PostgreSQL 60 postgres_ready
  log "PostgreSQL up on 127.0.0.1:$PG_PORT (data: $data)"
}

pg_admin() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }

# The dunning database with the services' roles and schemas, made by the same scripts as docker-compose.yml's postgres
# (deploy/postgres). Each role gets its Development password (dunning-dev-webhook, dunning-dev-webhook-migrator, ...) unless
# DUNNING_PG_<ROLE>_PASSWORD gives one; this cluster trusts local connections anyway. Idempotent.
setup_dunning_database() {
  pg_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='dunning'" | grep -q 1 || pg_admin -d postgres -c "CREATE DATABASE dunning"
  pg_admin -d dunning -f "$ROOT/deploy/postgres/10-dunning-roles.sql" || { log "deploy/postgres/10-dunning-roles.sql failed"; return 1; }
  (
    for schema in webhook scheduler notification metrics; do
      for suffix in "" _migrator; do
        variable="DUNNING_PG_${schema^^}${suffix^^}_PASSWORD"
        export "$variable=${!variable:-dunning-dev-$schema${suffix//_/-}}"
      done
    done
    PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER=postgres PGDATABASE=dunning PATH="$PG_BIN:$PATH" bash "$ROOT/deploy/postgres/20-dunning-passwords.sh"
  )
}

rabbit_env() {
  export HOME="$STATE/rabbitmq/home" RABBITMQ_NODENAME="$RABBIT_NODE" RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT" \
    RABBITMQ_MNESIA_BASE="$STATE/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$STATE/rabbitmq/log" \
    RABBITMQ_CONFIG_FILE="$STATE/rabbitmq/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/rabbitmq/enabled_plugins" \
    RABBITMQ_PID_FILE="$PIDS/rabbitmq.pid"
}

rabbitmq_ready() { curl -sf -u guest:guest "http://127.0.0.1:$RABBIT_MGMT_PORT/api/aliveness-test/%2F" | grep -q ok; }

start_rabbitmq() {
  if rabbitmq_ready; then log "RabbitMQ already answers on $RABBIT_PORT/$RABBIT_MGMT_PORT"; return 0; fi
  ensure_rabbitmq_installed
  mkdir -p "$STATE/rabbitmq/home" "$STATE/rabbitmq/mnesia" "$STATE/rabbitmq/log"
  cat >"$STATE/rabbitmq/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBIT_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBIT_MGMT_PORT
CONF
  echo '[rabbitmq_management].' >"$STATE/rabbitmq/enabled_plugins"
  ( rabbit_env; nohup "$RABBIT_BIN/rabbitmq-server" >"$LOGS/rabbitmq.log" 2>&1 & echo $! >"$PIDS/rabbitmq-launcher.pid" )
  wait_for RabbitMQ 120 rabbitmq_ready
  log "RabbitMQ up on 127.0.0.1:$RABBIT_PORT, management UI http://127.0.0.1:$RABBIT_MGMT_PORT (guest/guest)"
}

maildev_ready() { curl -sf "http://127.0.0.1:$MAILDEV_WEB_PORT/api/healthz" | grep -q true; }

start_maildev() {
  if maildev_ready; then log "maildev already answers on $SMTP_PORT/$MAILDEV_WEB_PORT"; return 0; fi
  ensure_maildev_installed
  nohup maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp "$SMTP_PORT" --web "$MAILDEV_WEB_PORT" >"$LOGS/maildev.log" 2>&1 &
  echo $! >"$PIDS/maildev.pid"
  wait_for maildev 60 maildev_ready
  log "maildev up: SMTP 127.0.0.1:$SMTP_PORT, UI http://127.0.0.1:$MAILDEV_WEB_PORT"
}

ensure_tools() { command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates; }

start_infrastructure() { ensure_tools && start_postgres && start_rabbitmq && start_maildev; }

# stop_pidfile NAME: stops the process recorded in $PIDS/NAME.pid (and its children), never by name.
stop_pidfile() {
  local file="$PIDS/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop_postgres() {
  local data; data="$(cat "$STATE/postgres-data-dir" 2>/dev/null || echo "$STATE/postgres")"
  [ -f "$data/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1
  rm -f "$PIDS/postgres.pid"
}

stop_rabbitmq() {
  if [ -f "$PIDS/rabbitmq.pid" ]; then ( rabbit_env; "$RABBIT_BIN/rabbitmqctl" -n "$RABBIT_NODE" stop >/dev/null 2>&1 ) || true; fi
  stop_pidfile rabbitmq; stop_pidfile rabbitmq-launcher
}
