#!/usr/bin/env bash
# What webhooks to the business cost the whole pipeline: the held-stress rate drill (1,000 events/s, 30 % failures: the most
# cases, retries and so webhooks per second) with them off and on, alternating in one sitting so the shared machine's noise
# falls on both alike.
#
#   bash bench/drills/compare-business-webhooks.sh [RUNS]     (default RUNS 2: off, on, off, on)
#
# Each run is `bench/drills/run.sh --only rate:held-stress` with DUNNING_BUSINESS_WEBHOOKS=off|on (scripts/services.sh), its own
# state and report under .state/compare-business-webhooks. Writes bench/results/business-webhooks-cost.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
RUNS="${1:-2}" WORK="$ROOT/.state/compare-business-webhooks"
mkdir -p "$WORK"

figures() { # REPORT: accepted ev/s, offered ev/s and CPU ms/event of the held-stress drill
  local section
  section="$(grep -A4 'rate-held-stress-1, steady state' "$1" || true)"
  echo "$(grep -o 'accepted (answered 2xx) \*\*[0-9.]*' <<<"$section" | grep -o '[0-9.]*$' || echo '?')" \
    "$(grep -o 'offered \*\*[0-9.]*' <<<"$section" | grep -o '[0-9.]*$' || echo '?')" \
    "$(grep -o 'until settled: [0-9.]* ms per event' <<<"$section" | grep -o '[0-9.]* ms' | grep -o '[0-9.]*' || echo '?')"
}

: > "$WORK/results.txt"
for i in $(seq 1 "$RUNS"); do
  for mode in off on; do
    report="$WORK/$mode-$i.md"
    DUNNING_BUSINESS_WEBHOOKS="$mode" DUNNING_STATE="$WORK/state-$mode" DRILL_REPORT="$report" \
      bash "$ROOT/bench/drills/run.sh" --only rate:held-stress > "$WORK/$mode-$i.log" 2>&1 || true
    echo "$mode $i $(figures "$report")" | tee -a "$WORK/results.txt"
  done
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "?"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
{
  echo "# Webhooks to the business: what they cost the pipeline"
  echo
  echo "Regenerate: \`bash bench/drills/compare-business-webhooks.sh $RUNS\` ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD))."
  echo "The held-stress rate drill (1,000 events/s released, 30 % of charges failing) with \`BusinessWebhooks:Url\` unset (off) and set to"
  echo "the sandbox's stand-in for the business's application (on: every case's opened, failed retries, 3-D Secure, recovered"
  echo "or lost, each a row, a due job and a signed POST), alternating in one sitting."
  echo
  echo "| run | webhooks | accepted ev/s | offered ev/s | CPU ms per event |"
  echo "|---|---|---|---|---|"
  awk '{printf "| %s | %s | %s | %s | %s |\n", $2, $1, $3, $4, $5}' "$WORK/results.txt"
  echo
  for mode in off on; do
    echo "- **$mode**: median accepted $(awk -v m="$mode" '$1==m {print $3}' "$WORK/results.txt" | median) ev/s," \
      "median CPU $(awk -v m="$mode" '$1==m {print $5}' "$WORK/results.txt" | median) ms per event"
  done
} > "$ROOT/bench/results/business-webhooks-cost.md"
cat "$ROOT/bench/results/business-webhooks-cost.md"
