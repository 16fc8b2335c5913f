#!/usr/bin/env bash
# The policy lab validation's report (validate.sh): predicted against actual, per policy.

span() { echo "$(date -u -d "@$1" '+%Y-%m-%d %H:%M')–$(date -u -d "@$2" '+%H:%M UTC') ($(( ($2 - $1) / 60 )) min)"; }
points() { awk -v x="$1" 'BEGIN { printf "%.1f", x * 100 }'; }
interval() { echo "$(points "$1") % [$(points "$2"), $(points "$3")]"; }
# predicted NAME FIELD: the backtest's figure for one policy
predicted() { jq -r --arg n "$1" "(if type == \"array\" then . else .policies end)[] | select(.name == \$n) | $2" "$OUT/backtest.json"; }
# arm NAME FIELD: the experiment report's figure for one arm
arm() { jq -r --arg n "$1" ".arms[] | select(.arm == \$n) | $2" "$OUT/experiment.json"; }

policy_row() { # NAME
  local p a gap
  p=$(predicted "$1" .rate.estimate) a=$(arm "$1" .rate.estimate)
  gap=$(awk -v p="$p" -v a="$a" 'BEGIN { d = (p - a) * 100; printf "%+.1f", d }')
  echo "| $1 | $(interval "$p" "$(predicted "$1" .rate.lower)" "$(predicted "$1" .rate.upper)") | $(arm "$1" .cases) |" \
    "$(arm "$1" .recovered) | $(interval "$a" "$(arm "$1" .rate.lower)" "$(arm "$1" .rate.upper)") | $gap |" \
    "$(awk -v g="$gap" 'BEGIN { print (g <= 3 && g >= -3) ? "yes" : "**no**" }') |"
}

write_lab_report() {
  local imported
  imported=$(wc -l <"$OUT/month1.jsonl")
  cat <<REPORT
# Policy lab validation on the sandbox (issue 19)

Command: \`bash bench/lab/validate.sh\` (month 1 $(span "$RUN_FROM" "$MONTH1_TO") on code $MONTH1_CODE, month 2
$(span "$MONTH2_FROM" "$RUN_TO") on code $MONTH2_CODE). Everything runs for real: the four
services, PostgreSQL, RabbitMQ, maildev and the sandbox, on the drills' ports.

**The question:** does a backtest on a business's own history predict what a policy then does live? Month 1 is dunned live by
the default policy; the lab imports it from Dunning and backtests the default policy and the learned timing on it. Month 2,
fresh customers of the same mix, is dunned live by both, as the two arms of one experiment. Each policy's predicted recovery
rate should be within ±3 points of its actual one.

**The mix** (the sandbox generator's \`--mix payday\`, every renewal failing): 75 % \`pm_sandbox_payday8\` (insufficient funds;
after the failed renewal each charge succeeds with 8 %, ×3 on the 1st–3rd and 15th–17th, ×1.5 at 06–11 UTC, ×0.5 at
00–05 UTC: recovery depends on timing), 20 % \`pm_card_chargeCustomerFail\` (generic decline, never recovers), 5 %
\`pm_card_chargeDeclinedLostCard\` (hard decline, never retried). The clock walks an hour a step; each step waits until Dunning
has taken it in (\`bench/lab/settle-step.sh\`), so a retry is charged within the hour it was planned for.

**Policies:** the scheduler's defaults (\`bench/lab/policies/default.json\`: 8 attempts within 14 days, the first retry after a day,
backoff ×1.25 capped at 2 days, none 22:00–07:00) and the same with \`"Timing": "Learned"\` (\`learned.json\`: the model trained on
month 1 picks each retry's hour inside what that policy and the network rules allow).

## Month 1 (seed $MONTH1_SEED, $MONTH1_CUSTOMERS customers, default policy live)

The renewal month ($(date -u -d "@$MONTH1_RENEWAL_FROM" '+%Y-%m-%d %H:%M')–$(date -u -d "@$MONTH1_RENEWAL_TO" '+%Y-%m-%d %H:%M UTC') on its test clock) brought
$MONTH1_FAILURES failures; the default policy recovered $MONTH1_RECOVERED ($(awk -v r="$MONTH1_RECOVERED" -v n="$MONTH1_FAILURES" 'BEGIN { printf "%.1f", 100 * r / n }') %).
\`lab.sh import --from-dunning\` gave $imported failed invoices (the month's, and the next renewals that failed during the
dunning days, whose retries also teach the models). The backtest of the month's failures
(\`lab.sh backtest --history month1.jsonl --policy default.json --policy learned.json --from ... --to ...\`) predicts:

| policy | predicted recovery (95 % bootstrap) | planned retries | pay calls expected | emails expected |
|---|---|---|---|---|
$(for n in default learned; do
  echo "| $n | $(interval "$(predicted $n .rate.estimate)" "$(predicted $n .rate.lower)" "$(predicted $n .rate.upper)") |" \
    "$(predicted $n .plannedRetries) | $(predicted $n '.payCalls | round') | $(predicted $n '.emails // "-" | if type == "number" then round else . end') |"
done)

In sample, the default policy's prediction against what it did that month: $(points "$(predicted default .rate.estimate)") % predicted,
$(awk -v r="$MONTH1_RECOVERED" -v n="$MONTH1_FAILURES" 'BEGIN { printf "%.1f", 100 * r / n }') % recovered.

## Month 2 (seed $MONTH2_SEED, $MONTH2_CUSTOMERS customers, both policies live as experiment arms)

The experiment started before the month and was frozen when the clock reached the renewal month's end, so its arms hold the
month's failures (each invoice's arm from \`ArmAssignment\` of its id) and none of the next renewals; the actual rates are the
experiment report's (\`GET /api/experiments/{id}/report\`), read once every case of both arms had closed.

| policy | predicted (month 1 backtest) | cases | recovered | actual (95 % Wilson) | predicted − actual (points) | within ±3 |
|---|---|---|---|---|---|---|
$(policy_row default)
$(policy_row learned)

**The learned timing's measured gain over the default policy** (month 2, the experiment report):
$(points "$(arm learned .versusControl.rateDifference.difference.estimate)") points, 95 % interval
[$(points "$(arm learned .versusControl.rateDifference.difference.lower)"), $(points "$(arm learned .versusControl.rateDifference.difference.upper)")]
(Newcombe), p = $(awk -v p="$(arm learned .versusControl.rateDifference.pValue)" 'BEGIN { printf "%.1g", p }').
The backtest predicted $(awk -v l="$(predicted learned .rate.estimate)" -v d="$(predicted default .rate.estimate)" 'BEGIN { printf "%+.1f", (l - d) * 100 }') points.

$(cat "$OUT/run-notes.md" 2>/dev/null)

## Files

The run's history, backtest, model and experiment report are in \`.state/lab/lab-results/\` (not committed): \`month1.jsonl\`,
\`backtest.json\`, \`learned-model.zip\`, \`experiment.json\`.
REPORT
}
