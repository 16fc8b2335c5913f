#!/usr/bin/env bash
# Fault injections. Each prints one line: what was done and how long recovery took.

kill_service() { # NAME
  kill9_instance "$1" 1
  sleep "$FAULT_SECONDS"
  local t=$SECONDS
  start_drill_service "$1" 1 && echo "kill -9 $1 (instance 1), down ${FAULT_SECONDS} s, restarted healthy in $((SECONDS - t)) s"
}

restart_rabbitmq() {
  local t=$SECONDS
  stop_rabbitmq
  local stopped=$((SECONDS - t))
  sleep "$FAULT_SECONDS"
  t=$SECONDS
  start_rabbitmq && echo "RabbitMQ stopped (${stopped} s to stop), down ${FAULT_SECONDS} s more, back in $((SECONDS - t)) s"
}

restart_postgres() {
  stop_postgres
  sleep "$FAULT_SECONDS"
  local t=$SECONDS
  start_postgres && echo "PostgreSQL stopped (fast shutdown), down ${FAULT_SECONDS} s, back in $((SECONDS - t)) s"
}

stop_smtp() { # maildev keeps mail in memory: archive its mailbox first, so the email checks still see every email
  # An email handed over between the archive and maildev's exit is accepted and then gone with the process: the window
  # (from 2 s before the archive, since sent_at is taken just before the SMTP send) goes to smtp-stops.csv for the check.
  local from; from=$(date -u -d '-2 seconds' '+%Y-%m-%dT%H:%M:%S.%NZ')
  archive_mailbox
  stop_pidfile maildev
  echo "$from,$(date -u '+%Y-%m-%dT%H:%M:%S.%NZ')" >>"$RESULTS/smtp-stops.csv"
  sleep "$FAULT_SECONDS"
  local t=$SECONDS
  start_maildev && echo "SMTP server stopped (connections refused) for ${FAULT_SECONDS} s, back in $((SECONDS - t)) s"
}

sandbox_fault() { # MODE
  curl -sf -X POST "$SANDBOX/sandbox/faults" -H 'Content-Type: application/json' \
    -d "{\"mode\":\"$1\",\"durationSeconds\":$FAULT_SECONDS,\"delayMs\":3000}" >/dev/null || { echo "could not set sandbox fault $1"; return 1; }
  sleep "$FAULT_SECONDS"
  curl -sf -X POST "$SANDBOX/sandbox/faults" -H 'Content-Type: application/json' -d '{"mode":"none"}' >/dev/null
  echo "sandbox answered every /v1 call with $1 for ${FAULT_SECONDS} s"
}
