#!/usr/bin/env bash
# A PostgreSQL node of docker-compose.yml's cluster profile under pg_auto_failover, run as scripts/cluster/postgres.sh runs
# one natively: created on its first start (no PGDATA yet), then `pg_autoctl run`.
#   pg-node.sh monitor         the pg_auto_failover monitor
#   pg-node.sh postgres NAME   a data node of the monitor $PG_AUTOCTL_MONITOR; the first to register becomes the primary
#   pg-node.sh ready           the data nodes' healthcheck: Dunning's roles exist with their passwords (set up on the primary,
#                              replicated to the standby)
# PGDATA, XDG_CONFIG_HOME and XDG_DATA_HOME (pg_autoctl's configuration and state) all lie in the container's volume, so a
# recreated container is the same node.
set -euo pipefail

# pg_auto_failover writes pg_hba.conf rules for the addresses it sees at creation, and a container's address changes when it
# is recreated: these open the compose network (samenet) by role instead. Trust for pg_auto_failover's own roles, as
# scripts/cluster/postgres.sh does on 127.0.0.1; a password for every other role.
HBA_RULES=(
  "host pg_auto_failover autoctl_node samenet trust"
  "host all pgautofailover_monitor samenet trust"
  "host replication pgautofailover_replicator samenet trust"
  "host all pgautofailover_replicator samenet trust"
  "host all all samenet scram-sha-256"
)

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres "$@"; }

ensure_line() { grep -qxF -- "$2" "$1" || echo "$2" >>"$1"; } # FILE LINE

# On every start, as a standby's files are the primary's copy.
configure() { # [max_connections]
  local rule
  [ -f "$PGDATA/pg_hba.conf" ] || return 0
  for rule in "${HBA_RULES[@]}"; do ensure_line "$PGDATA/pg_hba.conf" "$rule"; done
  # Two instances of four services hold more connections than PostgreSQL's default 100 (as on the native cluster).
  if [ -n "${1:-}" ]; then ensure_line "$PGDATA/postgresql.conf" "max_connections = $1"; fi
}

# Once PostgreSQL answers: a reload, so that the rules above hold even if it was running when they were written; then, on the
# primary, Dunning's database, roles and schemas (deploy/postgres, as scripts/infra.sh's setup_dunning_database). Both
# scripts are idempotent, so this runs at every start of a primary.
set_up_dunning() {
  local recovery="" attempt
  for attempt in $(seq 1 90); do
    recovery="$(psql_admin -d postgres -tAc 'SELECT pg_is_in_recovery()' 2>/dev/null || true)"
    [ -z "$recovery" ] || break
    sleep 2
  done
  psql_admin -d postgres -tAc 'SELECT pg_reload_conf()' >/dev/null
  [ "$recovery" = f ] || return 0 # a standby: the primary sets up
  psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'dunning'" | grep -q 1 \
    || psql_admin -d postgres -c 'CREATE DATABASE dunning'
  psql_admin -d dunning -f /dunning/postgres/10-dunning-roles.sql
  PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=dunning bash /dunning/postgres/20-dunning-passwords.sh
  echo "pg-node: Dunning's database, roles and schemas are set up (after $attempt tries)"
}

case "${1:-}" in
  monitor)
    [ -f "$PGDATA/PG_VERSION" ] || pg_autoctl create monitor --hostname "$(hostname)" --pgport 5432 --auth trust --no-ssl
    configure
    exec pg_autoctl run
    ;;
  postgres)
    [ -f "$PGDATA/PG_VERSION" ] || pg_autoctl create postgres --name "$2" --hostname "$(hostname)" --pgport 5432 \
      --dbname dunning --auth trust --no-ssl
    configure 400
    # Started apart (the container's init reaps it), as `pg_autoctl run` must be the process the container's signals reach.
    ( set_up_dunning & )
    exec pg_autoctl run
    ;;
  ready)
    [ "$(psql_admin -d dunning -tAc "SELECT count(*) FROM pg_authid WHERE rolname LIKE 'dunning\_%' AND rolpassword IS NOT NULL")" = 8 ]
    ;;
  *) echo "usage: $0 monitor | postgres NAME | ready" >&2; exit 2 ;;
esac
