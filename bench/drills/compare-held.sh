#!/usr/bin/env bash
# Same-sitting comparison of the held rate drill (1,000 events/s, 10 % failures) between an earlier revision and this
# checkout, alternating base and head so the shared machine's noise falls on both alike (issue 23's "speed unchanged").
#
#   bash bench/drills/compare-held.sh BASE_REV [RUNS]     (default RUNS 3: base, head, base, head, base, head)
#
# The base revision is checked out in .state/compare/base (a detached git worktree). Each run is
# `bench/drills/run.sh --only rate:held` of that tree, on the drill ports, with its own state and report under .state/compare.
# Writes bench/results/held-compare.md: each run's accepted events/s and CPU ms per event, the medians and head/base ratios.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
BASE_REV="${1:?usage: $0 BASE_REV [RUNS]}" RUNS="${2:-3}"
WORK="$ROOT/.state/compare" BASE_TREE="$ROOT/.state/compare/base"
mkdir -p "$WORK"
base_commit="$(git -C "$ROOT" rev-parse --short "$BASE_REV")" head_commit="$(git -C "$ROOT" rev-parse --short HEAD)"
if [ ! -d "$BASE_TREE" ]; then git -C "$ROOT" worktree add --detach "$BASE_TREE" "$BASE_REV" >/dev/null; fi
git -C "$BASE_TREE" checkout -q --detach "$BASE_REV"

# accepted ev/s and CPU ms/event of the held drill, from a drill report
figures() {
  local report="$1"
  local accepted cpu
  accepted="$(grep -A2 'rate-held-1, steady state' "$report" | grep -o 'accepted (answered 2xx) \*\*[0-9.]*' | grep -o '[0-9.]*$')"
  cpu="$(grep -A4 'rate-held-1, steady state' "$report" | grep -o 'until settled: [0-9.]* ms per event' | grep -o '[0-9.]* ms' | grep -o '[0-9.]*')"
  echo "${accepted:-?} ${cpu:-?}"
}

run_one() { # tree label index
  local tree="$1" label="$2" i="$3" report="$WORK/$2-$3.md"
  DUNNING_STATE="$WORK/state-$label" DRILL_REPORT="$report" bash "$tree/bench/drills/run.sh" --only rate:held > "$WORK/$label-$i.log" 2>&1 || true
  echo "$label $i $(figures "$report")" | tee -a "$WORK/results.txt"
}

: > "$WORK/results.txt"
for i in $(seq 1 "$RUNS"); do
  run_one "$BASE_TREE" base "$i"
  run_one "$ROOT" head "$i"
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "?"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
base_rate="$(awk '$1=="base" && $3!="?" {print $3}' "$WORK/results.txt" | median)" head_rate="$(awk '$1=="head" && $3!="?" {print $3}' "$WORK/results.txt" | median)"
base_cpu="$(awk '$1=="base" && $4!="?" {print $4}' "$WORK/results.txt" | median)" head_cpu="$(awk '$1=="head" && $4!="?" {print $4}' "$WORK/results.txt" | median)"
{
  echo "# Held rate drill: $head_commit against $base_commit, same sitting"
  echo
  echo "Command: \`bash bench/drills/compare-held.sh $base_commit $RUNS\` ($(date -u +%Y-%m-%d), 2 cores, runs alternating base and head)."
  echo "Each run: \`bench/drills/run.sh --only rate:held\` (1,000 events/s offered, 10 % failed renewals; see drills.md)."
  echo
  echo "| run | revision | accepted events/s | CPU ms per event (all processes, load and drain) |"
  echo "|---|---|---|---|"
  awk -v b="$base_commit" -v h="$head_commit" '{printf "| %s %s | %s | %s | %s |\n", $1, $2, ($1=="base" ? b : h), $3, $4}' "$WORK/results.txt"
  echo
  echo "Medians: base $base_rate events/s at $base_cpu ms/event; head $head_rate events/s at $head_cpu ms/event;"
  echo "head/base: rate $(awk -v a="$head_rate" -v b="$base_rate" 'BEGIN {printf "%.3f", a/b}'), CPU per event $(awk -v a="$head_cpu" -v b="$base_cpu" 'BEGIN {printf "%.3f", a/b}')."
} > "$ROOT/bench/results/held-compare.md"
cat "$ROOT/bench/results/held-compare.md"
