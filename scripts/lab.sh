#!/usr/bin/env bash
# The policy lab (issue 19): import a history of failed payments, backtest retry policies on it.
#   scripts/lab.sh import --out history.jsonl [options]
#   scripts/lab.sh backtest --history history.jsonl --policy A.json --policy B.json [--from D --to D] [--json]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec dotnet run --project "$ROOT/tools/Dunning.PolicyLab" -c Release -v quiet -- "$@"
