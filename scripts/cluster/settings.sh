#!/usr/bin/env bash
# What makes the services a cluster's clients (decision 014): every RabbitMQ node, quorum queues, and the PostgreSQL pair as one
# multi-host connection that finds the read-write node. Used by scripts/cluster.sh and the cluster drills.

export_cluster_client_settings() { # MANAGEMENT_URL: the RabbitMQ management API the metrics service reads
  local n
  export RabbitMq__Host=127.0.0.1 RabbitMq__Port="$(cluster_rabbit_port 1)" RabbitMq__ManagementUrl="$1"
  for n in $(seq 1 "$CLUSTER_RABBIT_NODES"); do export "RabbitMq__Nodes__$((n - 1))=127.0.0.1:$(cluster_rabbit_port "$n")"; done
  export RabbitMq__QueueType=quorum
  export DUNNING_PG_SERVER="Host=$(cluster_pg_hosts);Database=dunning;Target Session Attributes=read-write" # services.sh's export_database_settings
}
