#!/usr/bin/env bash
# The load: the sandbox's traffic generator on a fresh test clock (a new seed per drill, so new customers).

# Addresses suppressed before each drill, through the notification service's support API (the customer's link carries an
# encrypted token that only the service makes, so the drill cannot compute it the way it could the old signature).
SUPPRESSED=()
suppress_some() { # SEED: suppresses every 10th customer of each generator's seed
  local seed k i email
  for k in $(seq 1 "$GENERATORS"); do
  seed=$(($1 * 10 + k))
  for ((i = 0; i < CUSTOMERS; i += 10)); do
    email="customer$i.seed$seed@example.com"
    curl -sf -o /dev/null -X POST -H "X-Api-Key: $API_KEY" -H 'Content-Type: application/json' \
      -d "{\"email\": \"$email\", \"reason\": \"drill\"}" "http://127.0.0.1:$NOTIFICATION_PORT/api/suppressions" && SUPPRESSED+=("$email")
  done
  done
}

# GENERATORS processes of the sandbox's generator CLI run side by side (one test clock and seed each):
# one generator drives the sandbox with sequential calls, so parallel ones are how the load goes up.
GEN_PIDS=()
start_generators() { # SEED: generator k uses seed SEED*10+k
  local k dll="$ROOT/tools/Dunning.Sandbox/bin/Release/net10.0/Dunning.Sandbox.dll"
  GEN_PIDS=()
  for k in $(seq 1 "$GENERATORS"); do
    dotnet "$dll" generate --customers "$CUSTOMERS" --failure-rate "$FAILURE_RATE" --seed $(($1 * 10 + k)) \
      --speed "$SPEED" --signup-speed "${SIGNUP_SPEED:-0}" --days "$DAYS" --dunning-days "${DUNNING_DAYS:-0}" \
      --sandbox-url "$SANDBOX" >"$LOGS/generator-$k.log" 2>&1 &
    GEN_PIDS+=($!); echo $! >"$PIDS/generator-$k.pid"
  done
}

renewals_started() { local k; for k in $(seq 1 "$GENERATORS"); do grep -q walking "$LOGS/generator-$k.log" || return 1; done; }

wait_generators() { # prints the failures, if any
  local k
  for k in $(seq 1 "$GENERATORS"); do
    wait "${GEN_PIDS[$((k - 1))]}" || echo "generator $k exited $?: $(grep -m1 -i 'exception\|error' "$LOGS/generator-$k.log")"
    rm -f "$PIDS/generator-$k.pid"
  done
}

cpu_memory_table() { # DIR FROM TO: markdown rows per process: CPU % of one core (mean over the window), peak RSS MB
  local hz; hz=$(getconf CLK_TCK)
  awk -v from="$2" -v to="$3" -v hz="$hz" '
    $1 >= from && $1 <= to { n=$2; if (!(n in t0)) { t0[n]=$1; c0[n]=$3 } t1[n]=$1; c1[n]=$3; k[n]++; if ($4 > rss[n]) rss[n]=$4 }
    END { for (n in t0) { dt = t1[n]-t0[n]; cpu = dt > 0 ? (c1[n]-c0[n]) / hz / dt * 100 : 0; if (cpu < 0) cpu = 0;
          if (k[n] < 3) printf "| %s | n/a (%d sample(s): the sampler was starved) | %.0f |\n", n, k[n], rss[n]/1024;
          else printf "| %s | %.0f | %.0f |\n", n, cpu, rss[n]/1024 } }' "$1/procs.txt" | sort
}

cpu_ms_per_event() { # DIR FROM EVENTS: CPU ms of every sampled process tree from FROM to the last sample, per event
  awk -v from="$2" -v events="$3" -v hz="$(getconf CLK_TCK)" '
    $1 >= from { n=$2; if (!(n in c0)) c0[n]=$3; c1[n]=$3 }
    END { for (n in c0) if (c1[n] > c0[n]) t += c1[n] - c0[n]; printf "%.2f", (events > 0 ? t / hz * 1000 / events : 0) }' "$1/procs.txt"
}

queue_series() { # DIR: "t+Ns: total (error) top-queue" every ~10 s
  awk 'NR == 1 { t0 = $1 } { s = int($1 - t0); if (s >= next_at) { printf "%ss:%s", s, $2; if ($3 > 0) printf "(err %s)", $3; printf " "; next_at = s + 10 } }' "$1/queues.txt"
}

max_queue() { awk 'BEGIN { m = 0 } { if ($2 > m) { m = $2; q = $4 } } END { printf "%s (%s)", m, q }' "$1/queues.txt"; }
