#!/usr/bin/env bash
# Background sampler: CPU ticks and RSS per process tree (from /proc) and RabbitMQ queue depths, every 2 s.

# One cat and one awk per sample, whatever the number of processes (it was a pgrep per process of every tree plus an
# awk per process: ~100 processes spawned every 2 s, ~0.3 of a core taken from the system under test).
tree_ticks_rss() { # NOW NAME=PID...: "NOW NAME ticks rss_kB" per live root: utime+stime (+cutime+cstime: children that
  # exited, e.g. PostgreSQL backends, whose ticks would otherwise leave the tree's total) and RSS over the root and its descendants
  local now="$1"; shift
  # shellcheck disable=SC2002
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v now="$now" -v roots="$*" -v page_kb=$(( $(getconf PAGESIZE) / 1024 )) '
    { n = split($0, part, ") "); split(part[n], f, " ")   # fields after "pid (comm) ": state ppid ... (comm may hold spaces)
      pid = $1; parent[pid] = f[2]; ticks[pid] = f[12] + f[13] + f[14] + f[15]; rss[pid] = f[22] * page_kb; alive[pid] = 1 }
    END {
      for (pid in parent) kids[parent[pid]] = kids[parent[pid]] " " pid
      k = split(roots, r, " ")
      for (i = 1; i <= k; i++) {
        split(r[i], nv, "="); if (!(nv[2] in alive)) continue
        t = 0; m = 0; stack[1] = nv[2]; top = 1
        while (top > 0) { p = stack[top--]; t += ticks[p]; m += rss[p]; c = split(kids[p], ch, " "); for (j = 1; j <= c; j++) stack[++top] = ch[j] }
        print now, nv[1], t, m
      } }'
}

sample_once() { # DIR
  # Bash builtins only ($EPOCHREALTIME, ${file##*/}, read): a date, basename and cat per pid file were ~30 processes
  # spawned every 2 s, on the cores the drill measures.
  local now=$EPOCHREALTIME file name pid roots=()
  for file in "$PIDS"/*.pid; do
    name=${file##*/}; name=${name%.pid}
    [[ $name == rabbitmq || ( $name == rabbitmq-* && $name != *-launcher ) ]] && continue   # the launcher's tree covers the node
    read -r pid 2>/dev/null <"$file" || continue
    roots+=("$name=$pid")
  done
  tree_ticks_rss "$now" "${roots[@]}" >>"$1/procs.txt"
  curl -sf -m 2 -u guest:guest "$MGMT/api/queues/%2F?columns=name,messages" 2>/dev/null | queue_depths "$now" >>"$1/queues.txt"
}

# queue_depths NOW: "NOW total errors deepest-queue" from the management API's queue list, read by awk: jq took ~40 ms of CPU
# per start, and with the held drill's poll of the sandbox it was 4 % of all CPU samples during a rate drill's load window.
queue_depths() {
  awk -v now="$1" 'BEGIN { RS = "}" }
    match($0, /"name":"[^"]*"/) { name = substr($0, RSTART + 8, RLENGTH - 9); m = 0
      if (match($0, /"messages":[0-9]+/)) m = substr($0, RSTART + 11, RLENGTH - 11) + 0
      seen = 1; total += m; if (name ~ /_error$/) errors += m; if (deepest == "" || m > most) { most = m; deepest = name } }
    END { if (seen) print now, total + 0, errors + 0, deepest }'
}

start_sampler() { # DIR
  ( while true; do sample_once "$1"; sleep 2; done ) &
  echo $! >"$PIDS/sampler.pid"
}

stop_sampler() { stop_pidfile sampler; }
