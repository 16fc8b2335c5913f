#!/usr/bin/env bash
# Sets the password of each Dunning role (10-dunning-roles.sql) whose variable is set, and leaves the others as they are:
# DUNNING_PG_WEBHOOK_PASSWORD for dunning_webhook, DUNNING_PG_WEBHOOK_MIGRATOR_PASSWORD for dunning_webhook_migrator, and so
# on for scheduler, notification and metrics. psql connects as the PG* variables say; in the postgres image's first start
# (/docker-entrypoint-initdb.d) as POSTGRES_USER over the local socket. The password travels as a psql variable, quoted by psql.
set -eu

for schema in webhook scheduler notification metrics; do
  for suffix in "" _migrator; do
    role="dunning_$schema$suffix"
    variable="DUNNING_PG_$(printf '%s' "$schema$suffix" | tr '[:lower:]' '[:upper:]')_PASSWORD"
    [ -n "${!variable:-}" ] || continue
    psql -X -q -v ON_ERROR_STOP=1 -U "${PGUSER:-${POSTGRES_USER:-postgres}}" -d "${PGDATABASE:-${POSTGRES_DB:-postgres}}" \
      -v password="${!variable}" <<<"ALTER ROLE $role PASSWORD :'password';"
  done
done
