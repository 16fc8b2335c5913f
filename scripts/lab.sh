#!/usr/bin/env bash
# The policy lab (issue 19): import a history of failed payments, backtest retry policies on it.
#   scripts/lab.sh import --from-stripe|--from-dunning --out history.jsonl [--since D]
#   scripts/lab.sh backtest --history history.jsonl --policy A.json --policy B.json [--from D --to D] [--json] [--csv F]
#                           [--train history.jsonl] [--seed N] [--model M.zip] [--save-model M.zip]
#                           [--publish http://127.0.0.1:5083]   (with Api__Key set: the report on the dashboard's backtests page)
# Each command prints its options with --help; README "Policy lab" says what they do.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run --project "$ROOT/tools/Dunning.PolicyLab" -c Release -v quiet -- "$@"
