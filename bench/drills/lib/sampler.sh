#!/usr/bin/env bash
# Background sampler: CPU ticks and RSS per process tree (from /proc) and RabbitMQ queue depths, every 2 s.

proc_ticks_rss() { # PID...: sum of utime+stime ticks and RSS kB over the given pids
  local pid ticks=0 rss=0 stat
  for pid in "$@"; do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }
    read -r -a f <<<"$stat"
    ticks=$((ticks + f[11] + f[12]))
    local kb; kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    rss=$((rss + ${kb:-0}))
  done
  echo "$ticks $rss"
}

sample_once() { # DIR
  local now file name pid
  now=$(date +%s.%N)
  for file in "$PIDS"/*.pid; do
    name=$(basename "$file" .pid)
    [ "$name" = rabbitmq ] && continue   # the launcher's tree covers the node
    pid=$(cat "$file" 2>/dev/null) || continue
    kill -0 "$pid" 2>/dev/null || continue
    # shellcheck disable=SC2046
    echo "$now $name $(proc_ticks_rss $(pids_of_tree "$pid"))" >>"$1/procs.txt"
  done
  curl -sf -m 2 -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages,messages_ready,messages_unacknowledged" 2>/dev/null \
    | jq -r --arg t "$now" '"\($t) \(map(.messages // 0) | add // 0) \(map(select(.name|endswith("_error"))|.messages // 0)|add // 0) \(max_by(.messages // 0)|.name // "-")"' \
    >>"$1/queues.txt" 2>/dev/null
}

start_sampler() { # DIR
  ( while true; do sample_once "$1"; sleep 2; done ) &
  echo $! >"$PIDS/sampler.pid"
}

stop_sampler() { stop_pidfile sampler; }
