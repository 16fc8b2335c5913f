#!/usr/bin/env bash
# A drill session (fresh database, queues, mailbox and sandbox; N instances of every service) and one drill in it.

build_release() {
  local p
  log "building Release (log: $LOGS/build.log)"
  : >"$LOGS/build.log"
  for p in services/Dunning.BillingWebhook services/Dunning.RetryScheduler services/Dunning.Notification services/Dunning.Metrics tools/Dunning.Sandbox \
           tools/Dunning.SlowSmtp; do
    dotnet build "$ROOT/$p" -c Release -nologo -v quiet >>"$LOGS/build.log" 2>&1 || { tail -30 "$LOGS/build.log" >&2; return 1; }
  done
}

SESSIONS=()
run_session() { # INSTANCES
  stop_session
  INSTANCES="$1"
  SUPPRESSED=() # the checks are cumulative over a session's drills, and so is the list of who unsubscribed
  rm -f "$RESULTS"/mailbox-archive-*.json "$RESULTS/smtp-stops.csv"
  curl -sf -X DELETE "$MAILDEV/api/email/all" >/dev/null
  if (( CLUSTER )); then fresh_cluster_database; else fresh_database; fi
  fresh_rabbitmq
  export_drill_settings
  if (( CLUSTER )); then export_cluster_drill_settings; fi # lib/cluster.sh
  start_sandbox || return 1
  if (( ${SLOW_SMTP:-0} )); then start_slow_smtp || return 1; fi # the smtp:late drill's SMTP server (lib/faults.sh)
  if (( INSTANCES > 1 && ! CLUSTER )); then # the sandbox also delivers every event to the second webhook instance (on the cluster: HAProxy)
    local secret
    secret=$(curl -sf -H "Authorization: Bearer sk_test_drills" "$SANDBOX/v1/webhook_endpoints" -d "url=http://127.0.0.1:$((WEBHOOK_PORT + INSTANCE_PORT_STEP))/webhooks/stripe" \
      -d 'enabled_events[]=*' | jq -r .secret)
    export Stripe__WebhookSecrets__1="$secret"
  fi
  start_all_services || return 1
  if (( CLUSTER )); then start_haproxy "$WEBHOOK_PORT" $((WEBHOOK_PORT + INSTANCE_PORT_STEP)) || return 1; fi
  SESSIONS+=("$INSTANCES")
  log "session with $INSTANCES instance(s) of every service is up"
}

stop_session() { stop_sampler; stop_all_services; stop_pidfile sandbox; stop_slow_smtp; }

stop_infrastructure_of_drills() { stop_pidfile maildev; stop_rabbitmq; stop_postgres; }

# The rate drill: RATE_GENERATORS generators of RATE_CUSTOMERS customers each, the sign-up month and the renewal month
# both paced so that they offer RATE events/s: about SIGNUP_EVENTS events per sign-up and RENEWAL_EVENTS per renewal
# (at failure rate 0.3, from the sandbox's /v1/events: SIGNUP_EVENTS measured by the rate drill of session 4,
# RENEWAL_EVENTS 8.15 for 200 customers). The scheduler's retries come on top, 10-50 s after each failure. At the rate drills'
# failure rate 0.1 a renewal brings fewer events, and the same pacing offered 1,052 events/s (session 6): kept, 5 % over.
SIGNUP_EVENTS="${SIGNUP_EVENTS:-11}" RENEWAL_EVENTS="${RENEWAL_EVENTS:-8}"
# The services of a session start cold: in their first tens of seconds 15-27 % of their CPU is the JIT (perf, libclrjit.so),
# and a rate drill whose load lasts seconds would measure that warm-up. So a warm-up load of RATE_WARMUP_CUSTOMERS per
# generator (0 = none) runs first and settles; the drill's figures count from its own start (t0), after the warm-up.
RATE_WARMUP_CUSTOMERS="${RATE_WARMUP_CUSTOMERS:-100}"
paced() { # CUSTOMERS EVENTS_PER_CUSTOMER: seconds per simulated day so that RATE_GENERATORS generators offer RATE events/s
  awk -v g="$RATE_GENERATORS" -v c="$1" -v e="$2" -v d="$DAYS" -v r="$RATE" 'BEGIN { printf "%.3f", g * c * e / d / r }'
}
# The rate drills' mix: RATE_FAILURE_RATE of the renewals fail, 0.1 by default: the share of a SaaS business's recurring
# charges that fail is typically 5-18 % (Recurly's figures). The *stress* held drill uses the fault drills' FAILURE_RATE (0.3),
# three times the failures, each bringing its retries, decline look-up, emails, final action and ledger updates: at 0.3 a
# held drill cost 3.4 ms of CPU per event (all processes, load and drain), at 0.1 1.9 ms.
RATE_FAILURE_RATE="${RATE_FAILURE_RATE:-0.1}"
# run_rate_drill [held | held-stress]: the rate drill. Live (default): the generators run alongside the system, paced to offer RATE events/s.
# held: the sandbox holds its deliveries while the generators make the same month flat out, then releases them at RATE/s
# (POST /sandbox/webhooks/release): the system meets exactly the target rate, with the generators' work done beforehand
# instead of on the same 2 cores (they and the sandbox's API took ~1/4 of the machine in the live drill).
# held-stress: held, at the fault drills' failure rate.
run_rate_drill() {
  local GENERATORS="$RATE_GENERATORS" CUSTOMERS="$RATE_CUSTOMERS" SPEED SIGNUP_SPEED fault=rate FAILURE_RATE="$RATE_FAILURE_RATE"
  if [ "${1:-}" = held-stress ]; then FAILURE_RATE="$STRESS_FAILURE_RATE"; fi
  warm_up
  SPEED=$(paced "$RATE_CUSTOMERS" "$RENEWAL_EVENTS") SIGNUP_SPEED=$(paced "$RATE_CUSTOMERS" "$SIGNUP_EVENTS")
  if [ -n "${1:-}" ]; then SPEED=0 SIGNUP_SPEED=0 fault=rate:$1; fi
  run_drill "$fault" 1
  { echo "target_rate=$RATE"; echo "warm_up=$WARMED_UP"; echo "signup_speed=$SIGNUP_SPEED"; echo "failure_rate=$FAILURE_RATE"; } \
    >>"$RESULTS/i${INSTANCES}-${fault//:/-}-1/drill.txt"
}

hold_webhooks() { curl -sf -X POST "$SANDBOX/sandbox/webhooks/hold" >/dev/null; }
release_webhooks() { # PER_SECOND
  curl -sf -X POST "$SANDBOX/sandbox/webhooks/release" -H 'Content-Type: application/json' -d "{\"perSecond\":$1}" >/dev/null
}
# Polled every 0.5 s during the held drill's load window: a bash match, not jq (see queue_depths).
nothing_held() { [[ $(curl -sf "$SANDBOX/sandbox/webhooks/hold") =~ \"waiting\":0[,}] ]]; }
# The held drill's load window, "FROM TO" in epoch seconds, as the sandbox timed it: from the release until its last held
# delivery went out (timed here, the window ran up to one poll of nothing_held longer, and the rates read ~0.2 % low).
release_window() {
  curl -sf "$SANDBOX/sandbox/webhooks/hold" | jq -r '"\(.releaseStartedAt) \(.drainedAt)"' \
    | { read -r from to; echo "$(date -d "$from" +%s.%N) $(date -d "$to" +%s.%N)"; }
}

WARMED_UP="none"
warm_up() { # not measured: RATE_GENERATORS generators of RATE_WARMUP_CUSTOMERS customers at the drill's pace, then settle
  WARMED_UP="none"
  (( RATE_WARMUP_CUSTOMERS > 0 )) || return 0
  local GENERATORS="$RATE_GENERATORS" CUSTOMERS="$RATE_WARMUP_CUSTOMERS" SPEED SIGNUP_SPEED from=$SECONDS settled
  SPEED=$(paced "$RATE_WARMUP_CUSTOMERS" "$RENEWAL_EVENTS") SIGNUP_SPEED=$(paced "$RATE_WARMUP_CUSTOMERS" "$SIGNUP_EVENTS")
  log "warm-up: $GENERATORS generators x $CUSTOMERS customers"
  start_generators $((SEED + 50000))   # seeds (and so customers) of their own
  wait_generators >/dev/null
  settled=$(settle "$SETTLE_SECONDS") || true
  WARMED_UP="$GENERATORS generators x $CUSTOMERS customers, load and settle $((SECONDS - from)) s (settled: $settled)"
  log "warm-up done: $WARMED_UP"
}

# run_drill FAULT REPEAT: load + the fault during it, settle, figures, invariants; files under $RESULTS/<id>/
run_drill() {
  local fault="$1" repeat="$2" id dir t0 outcome failed settled start_renew
  SEED=$((SEED + 1))
  id="i${INSTANCES}-${fault//:/-}-$repeat"
  dir="$RESULTS/$id"; rm -rf "$dir"; mkdir -p "$dir"
  log "drill $id (seed $SEED) at $(date -u +%T)"
  t0=$("${PSQL[@]}" -c "SELECT now()")
  suppress_some "$SEED"
  start_sampler "$dir"
  local load_from; load_from=$(date +%s.%N)
  if [[ $fault == rate:held* ]]; then hold_webhooks; fi
  start_generators "$SEED"
  wait_for "renewals to start" 600 renewals_started
  start_renew=$(date +%s.%N)
  outcome="no fault (load only)"
  case "$fault" in
    load | rate | rate:held*) ;;
    production) outcome="no fault (load only, on the production policy)" ;;
    sandbox:*) ;;
    *) sleep "$FAULT_AT"
       case "$fault" in
         kill:*) outcome=$(kill_service "${fault#kill:}") ;;
         rabbitmq) outcome=$(restart_rabbitmq) ;;
         postgres) outcome=$(restart_postgres) ;;
         smtp) outcome=$(stop_smtp) ;;
         smtp:late) outcome=$(late_smtp) ;;
         cluster:*) outcome=$(cluster_fault "${fault#cluster:}") ;;
       esac ;;
  esac
  wait_generators >"$dir/generator-errors.txt"; failed=$(tr '\n' ' ' <"$dir/generator-errors.txt")
  local load_to; load_to=$(date +%s.%N)
  if [[ $fault == rate:held* ]]; then # the load window is the release: from its start until nothing is held any more
    outcome="no fault (load only; the month generated with deliveries held, $(curl -sf "$SANDBOX/sandbox/webhooks/hold" | jq -r '.waiting') of them, then released at $RATE/s)"
    release_webhooks "$RATE"
    wait_for "the held deliveries to be released" 900 nothing_held
    read -r load_from load_to < <(release_window)
  fi
  # The generator drives the sandbox through /v1 too, so sandbox faults start when it has finished, while the
  # retries and decline lookups of the renewals it just failed are running.
  if [[ $fault == sandbox:* ]]; then outcome=$(sandbox_fault "${fault#sandbox:}"); fi
  settled=$(settle "$SETTLE_SECONDS") || true
  stop_sampler
  "${PSQL[@]}" -F '|' -v t0="$t0" -f "$DRILL_DIR/lib/figures.sql" >"$dir/figures.txt" 2>"$dir/figures.err"
  check_invariants "$dir/invariants.txt" 2>"$dir/invariants.err"
  {
    echo "fault=$fault"; echo "repeat=$repeat"; echo "instances=$INSTANCES"; echo "seed=$SEED"
    echo "outcome=${outcome:-fault step failed}"; echo "generator_error=$failed"; echo "settled=$settled"
    echo "load_from=$load_from"; echo "renewals_from=$start_renew"; echo "load_to=$load_to"
    echo "shape=$GENERATORS generators x $CUSTOMERS customers, $DAYS days at $SPEED s/day, failure rate $FAILURE_RATE"
  } >"$dir/drill.txt"
  "${PSQL[@]}" -F '|' -v t0="$t0" -v load_from="$load_from" -v load_to="$load_to" -f "$DRILL_DIR/lib/offered.sql" >"$dir/offered.txt" 2>"$dir/offered.err"
  log "drill $id at $(date -u +%T): $(grep -c '|PASS|' "$dir/invariants.txt") pass, $(grep -c '|FAIL|' "$dir/invariants.txt") fail; settled: $settled"
}
