# PostgreSQL under pg_auto_failover for docker-compose.yml's cluster profile: the official postgres image (the single-node
# stack's) with pg_auto_failover installed as its installation guide says, from apt.postgresql.org, the repository the image
# already takes PostgreSQL from. (pg_auto_failover's own compose tutorial builds its image from source; no image of its own
# is documented to pull.)
FROM postgres:16
RUN apt-get update \
  && apt-get install -y --no-install-recommends pg-auto-failover-cli "postgresql-$PG_MAJOR-auto-failover" \
  && rm -rf /var/lib/apt/lists/*
# pg_autoctl refuses to run as root.
USER postgres
