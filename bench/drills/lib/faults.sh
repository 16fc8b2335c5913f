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

# smtp:late. Its session's services send through tools/Dunning.SlowSmtp in front of maildev (run_session starts it when
# SLOW_SMTP=1); the fault makes it hold the server's reply to each whole message LATE_SMTP_SECONDS, longer than the
# notification's Smtp:DataTimeout (short here), for FAULT_SECONDS: each email sent then is maybe-sent, and must arrive once.
SLOW_SMTP_PORT="${DRILL_SLOW_SMTP_PORT:-$((SMTP_PORT + 2))}" LATE_SMTP_SECONDS="${LATE_SMTP_SECONDS:-12}"
SLOW_SMTP_DATA_TIMEOUT="${SLOW_SMTP_DATA_TIMEOUT:-00:00:05}"
start_slow_smtp() {
  rm -f "$STATE/slow-smtp.late"
  ( cd "$ROOT/tools/Dunning.SlowSmtp/bin/Release/net10.0" || exit 1
    nohup dotnet Dunning.SlowSmtp.dll --port "$SLOW_SMTP_PORT" --upstream "127.0.0.1:$SMTP_PORT" --late "$LATE_SMTP_SECONDS" \
      --while "$STATE/slow-smtp.late" >>"$LOGS/slow-smtp.log" 2>&1 & echo $! >"$PIDS/slow-smtp.pid" )
  wait_for "slow SMTP relay on $SLOW_SMTP_PORT" 30 port_open "$SLOW_SMTP_PORT" || return 1
  export Smtp__Port="$SLOW_SMTP_PORT" Smtp__DataTimeout="$SLOW_SMTP_DATA_TIMEOUT"
}

stop_slow_smtp() { stop_pidfile slow-smtp; rm -f "$STATE/slow-smtp.late"; unset Smtp__DataTimeout; }

held_replies() { grep -o 'replies held [0-9]*' "$LOGS/slow-smtp.log" | tail -1 | cut -d' ' -f3; }
maybe_sent() { "${PSQL[@]}" -c "SELECT count(*) FROM notification.sent_emails WHERE maybe_sent"; }
every_held_email_maybe_sent() { [ "$(maybe_sent)" = "$(held_replies)" ]; }

late_smtp() {
  touch "$STATE/slow-smtp.late"
  sleep "$FAULT_SECONDS"
  rm -f "$STATE/slow-smtp.late"
  # The emails held last time out a DataTimeout later; each held one should then be recorded maybe-sent (counts are per session).
  wait_for "every email whose reply was held to be maybe-sent" $((LATE_SMTP_SECONDS + 20)) every_held_email_maybe_sent
  echo "SMTP server's reply to each whole message held ${LATE_SMTP_SECONDS} s (the service waits ${SLOW_SMTP_DATA_TIMEOUT}) for ${FAULT_SECONDS} s;" \
    "this session: $(held_replies) replies held, $(maybe_sent) emails recorded maybe-sent"
}
