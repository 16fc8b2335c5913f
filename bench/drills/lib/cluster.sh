#!/usr/bin/env bash
# The cluster drills (issue 21, `run.sh --cluster`): the drills' system on scripts/cluster.sh's parts instead of one node of
# each: three clustered RabbitMQ nodes (quorum queues), a PostgreSQL primary and standby under pg_auto_failover, two instances
# of every service, the sandbox posting to HAProxy over the two webhook instances. Four faults, each under the load drill:
# kill -9 of a RabbitMQ node, the PostgreSQL primary stopped (failover), kill -9 of one instance of each service, and HAProxy
# taking a webhook instance out and back in. Every invariant of the single-node drills applies, plus how long intake paused.

CLUSTER_FAULTS=(cluster:rabbitmq-node cluster:postgres-primary cluster:kill-instances cluster:haproxy)

# Drill ports, apart from scripts/cluster.sh's defaults and the single-node drills'.
export CLUSTER_RABBIT_PORT="${DRILL_CLUSTER_RABBIT_PORT:-16701}" CLUSTER_RABBIT_MGMT_PORT="${DRILL_CLUSTER_RABBIT_MGMT_PORT:-16711}"
export CLUSTER_RABBIT_DIST_PORT="${DRILL_CLUSTER_RABBIT_DIST_PORT:-36701}"
export CLUSTER_PG_MONITOR_PORT="${DRILL_CLUSTER_PG_MONITOR_PORT:-16000}" CLUSTER_PG_PORT="${DRILL_CLUSTER_PG_PORT:-16001}"
export CLUSTER_WEBHOOK_PORT="${DRILL_CLUSTER_WEBHOOK_PORT:-16080}" CLUSTER_HAPROXY_STATS_PORT="${DRILL_CLUSTER_HAPROXY_STATS_PORT:-16090}"
CLUSTER_STATE="$STATE"
for part in rabbitmq postgres haproxy settings; do source "$DRILL_ROOT/scripts/cluster/$part.sh"; done

# The checks read through whichever node is up: RabbitMQ's management on node 2 (node 1 is the one killed), PostgreSQL on
# whichever node is primary (libpq's multi-host form).
use_cluster_endpoints() {
  MGMT="http://127.0.0.1:$(cluster_rabbit_mgmt_port 2)"
  PSQL=(psql "host=127.0.0.1,127.0.0.1 port=$CLUSTER_PG_PORT,$((CLUSTER_PG_PORT + 1)) user=postgres dbname=dunning target_session_attrs=read-write"
        -v ON_ERROR_STOP=1 -qtAX)
}

start_cluster_infrastructure() {
  ensure_tools && start_cluster_rabbitmq && start_cluster_postgres && start_maildev || return 1
  use_cluster_endpoints
}

stop_cluster_infrastructure() { stop_haproxy; stop_pidfile maildev; stop_cluster_postgres; stop_cluster_rabbitmq; }

# The settings on top of export_drill_settings: the cluster's clients (scripts/cluster/settings.sh), webhooks via HAProxy.
export_cluster_drill_settings() {
  export_cluster_client_settings "$MGMT"
  export Sandbox__WebhookUrl="http://127.0.0.1:$CLUSTER_WEBHOOK_PORT/webhooks/stripe"
}

# A fresh database on the primary (the standby replicates it).
fresh_cluster_database() {
  local primary; primary=$(cluster_pg_primary_port)
  psql -h 127.0.0.1 -p "$primary" -U postgres -qtAX -c "DROP DATABASE IF EXISTS dunning WITH (FORCE)" >/dev/null
  PG_PORT="$primary" setup_dunning_database
}

# ---- faults: each prints one line (what was done, how long recovery took, how long intake paused) ----

cluster_fault() { # NAME
  local from; from=$(date +%s)
  local what
  case "$1" in
    rabbitmq-node) what=$(kill_rabbit_node 1) ;;
    postgres-primary) what=$(stop_pg_primary) ;;
    kill-instances) what=$(kill_one_instance_of_each) ;;
    haproxy) what=$(haproxy_takes_out 1) ;;
  esac
  echo "$what; intake: $(intake_pause "$from")"
}

kill_rabbit_node() { # N
  local pid; pid=$(cat "$PIDS/rabbitmq-$1.pid" 2>/dev/null)
  [ -n "$pid" ] && kill -KILL "$pid"; stop_pidfile "rabbitmq-$1-launcher"; rm -f "$PIDS/rabbitmq-$1.pid"
  sleep "$FAULT_SECONDS"
  local t=$SECONDS
  start_cluster_rabbit_node "$1" && echo "kill -9 of RabbitMQ node $1 (beam pid $pid), down $FAULT_SECONDS s, back in the cluster in $((SECONDS - t)) s"
}

stop_pg_primary() {
  local primary node t=$SECONDS
  primary=$(cluster_pg_primary_port); node=$((primary - CLUSTER_PG_PORT + 1))
  pg_autoctl_as_postgres stop --pgdata "$(cluster_pg_dir)/node$node" >/dev/null 2>&1; stop_pidfile "pg-node$node"
  wait_for "the standby to be promoted" 180 pg_primary_is_not "$primary" || { echo "PostgreSQL node $node stopped; no failover in 180 s"; return 1; }
  local promoted=$((SECONDS - t)); t=$SECONDS
  run_pg_autoctl "pg-node$node" run --pgdata "$(cluster_pg_dir)/node$node"
  wait_for "the old primary back as standby" 300 cluster_pg_has_primary_and_standby
  echo "PostgreSQL primary (node $node, port $primary) stopped; the standby was primary $promoted s later; the old primary rejoined as standby in $((SECONDS - t)) s"
}

pg_primary_is_not() { local p; p=$(cluster_pg_primary_port); [ -n "$p" ] && [ "$p" != "$1" ]; }

kill_one_instance_of_each() {
  local entry name
  for entry in "${DRILL_SERVICES[@]}"; do IFS=: read -r name _ _ <<<"$entry"; kill9_instance "$name" 1; done
  sleep "$FAULT_SECONDS"
  local t=$SECONDS
  for entry in "${DRILL_SERVICES[@]}"; do IFS=: read -r name _ _ <<<"$entry"; start_drill_service "$name" 1 || return 1; done
  echo "kill -9 of instance 1 of each of the four services, down $FAULT_SECONDS s, all restarted healthy in $((SECONDS - t)) s"
}

haproxy_takes_out() { # N
  haproxy_server maint "$1" >/dev/null
  sleep "$FAULT_SECONDS"
  haproxy_server ready "$1" >/dev/null
  echo "HAProxy took webhook instance $1 out (maint) for $FAULT_SECONDS s and put it back"
}

# How long intake stopped, as Stripe (the sandbox) saw it: deliveries that got no 2xx answer from the fault's start on, from the
# first to the last, and the first 2xx after the last one (the sandbox retries each failed delivery, so intake has resumed
# then). Read once the record shows a 2xx after the last failure and no failure for 5 s (at most 120 s).
intake_pause() { # FROM (epoch seconds)
  local deadline=$((SECONDS + 120)) summary
  while :; do
    summary=$(curl -sf "$SANDBOX/sandbox/record/webhooks" | jq -c --argjson from "$1" '
      def ts: sub("\\.[0-9]+"; "") | sub("\\+00:00$"; "Z") | fromdateiso8601;
      [.[] | {t: (.at | ts), ok: .delivered} | select(.t >= $from)] as $a
      | [$a[] | select(.ok | not) | .t] as $failed | ($failed | max) as $last
      | {attempts: ($a | length), failed: ($failed | length), first: ($failed | min), last: $last,
         resumed: (if $last == null then null else ([$a[] | select(.ok and .t >= $last) | .t] | min) end)}' 2>/dev/null) \
      || { echo "not measured (the sandbox's record did not answer)"; return; }
    if [ "$(jq -r '.failed' <<<"$summary")" = 0 ]; then
      jq -r '"no delivery failed (\(.attempts) attempts from the fault on, all answered 2xx)"' <<<"$summary"; return
    fi
    if [ "$(jq -r --argjson now "$(date +%s)" '.resumed != null and $now - .last >= 5' <<<"$summary")" = true ] || (( SECONDS >= deadline )); then
      jq -r --argjson from "$1" '(.first - $from) as $a | (.last - $from) as $b | (.resumed - $from) as $c
        | if .resumed == null then "deliveries failed from \($a) s after the fault began, none answered 2xx since"
          else "intake stopped for \(.resumed - .first) s (deliveries failed from \($a) s to \($b) s after the fault began,"
            + " the first 2xx after them at \($c) s; \(.failed) failed attempts, each retried by the sandbox)" end' <<<"$summary"
      return
    fi
    sleep 1
  done
}

# ---- the run ----

run_cluster_drills() {
  REPORT="${DRILL_REPORT:-$ROOT/bench/results/drills-cluster.md}"
  trap 'stop_session; stop_cluster_infrastructure' EXIT
  local faults=("${CLUSTER_FAULTS[@]}") fault r
  [ -z "$ONLY" ] || read -r -a faults <<<"$ONLY"
  [ -n "$ONLY" ] || rm -rf "$RESULTS"/i*-*
  local run_from; run_from=$(date +%s)
  # A fresh cluster per run: node 1 primary, no state left by an earlier run's failover.
  stop_cluster_infrastructure; rm -rf "$CLUSTER_STATE/rabbitmq-"* "$(cluster_pg_dir)" "$CLUSTER_STATE/postgres-dir"
  start_cluster_infrastructure || return 1
  if (( BUILD )); then build_release || return 1; fi
  SEED=3000
  for fault in "${faults[@]}"; do
    run_session 2 || return 1
    if [[ $fault == rate:held* ]]; then run_rate_drill "${fault#rate:}"; continue; fi
    for r in $(seq 1 "$REPEATS"); do run_drill "$fault" "$r"; done
  done
  write_cluster_report "$run_from" >"$REPORT"
  log "report: $REPORT"
}

write_cluster_report() { # RUN_FROM
  local dir
  cat <<HEAD
# Cluster drills — past one machine, on one machine

Regenerate: \`bash bench/drills/run.sh --cluster\` (options: \`--repeats N\`, \`--only "FAULT..."\`, \`--no-build\`); this run
took $(( ($(date +%s) - $1 + 30) / 60 )) minutes, $(date -u "+%Y-%m-%d %H:%M UTC"), $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg).

**The set-up** (\`bench/drills/lib/cluster.sh\`, on the parts of \`scripts/cluster.sh\`): three clustered RabbitMQ nodes with quorum
queues (AMQP $(cluster_rabbit_nodes_list)), a PostgreSQL primary and standby under pg_auto_failover (nodes $(cluster_pg_hosts), monitor
$CLUSTER_PG_MONITOR_PORT), two instances of every service connecting to every RabbitMQ node and to the pair with
\`Target Session Attributes=read-write\`, the sandbox posting Stripe's webhooks to HAProxy ($CLUSTER_WEBHOOK_PORT) over the two webhook
instances (health-checked). Every process is on the same 2 cores: a node's death here is a process's death, not a machine's.
**Load per drill**: $GENERATORS generators × $CUSTOMERS customers, a $DAYS-day renewal month at $SPEED s per day, failure rate
$FAILURE_RATE; the fault starts $FAULT_AT s into the renewal month and lasts $FAULT_SECONDS s. The repeats of a fault share one
session, so the checks are cumulative over them.

| drill | fault, recovery and intake | checks | settled (s) |
|---|---|---|---|
HEAD
  for dir in "$RESULTS"/i*-*/; do
    [ -f "$dir/drill.txt" ] || continue
    local id outcome settled pass fail
    id=$(basename "$dir"); outcome=$(grep '^outcome=' "$dir/drill.txt" | cut -d= -f2-); settled=$(grep '^settled=' "$dir/drill.txt" | cut -d= -f2-)
    pass=$(grep -c '|PASS|' "$dir/invariants.txt"); fail=$(grep -c '|FAIL|' "$dir/invariants.txt")
    echo "| $id | ${outcome//|/\\|} | $pass pass, $(grep -c '|EXPLAINED|' "$dir/invariants.txt") explained, $fail fail | $settled |"
  done
  if ls -d "$RESULTS"/i*-rate-*/ >/dev/null 2>&1; then
    echo; echo "The held rate drill on the cluster: compare with the single-node one run in the same sitting, \`bench/results/drills-held-single-node.md\` (\`bash bench/drills/run.sh --only rate:held\`: same script, same load)."
    offered_section
  fi
  echo
  for dir in "$RESULTS"/i*-*/; do
    [ -f "$dir/invariants.txt" ] || continue
    echo "### $(basename "$dir")"; echo
    awk -F'|' '{ printf "- %s: **%s** (%s)\n", $1, $2, $3 }' "$dir/invariants.txt"; echo
  done
}
