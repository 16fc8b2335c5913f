#!/usr/bin/env bash
# Notification benchmark: PaymentFailed published → first-failure email accepted by the real SMTP server (maildev),
# through the real service process (its appsettings.json, Postgres, RabbitMQ), next to raw MailKit send loops
# to the same server in the same run. Needs the infrastructure of scripts/test.sh and a built service.
# Usage: bench/notification/run.sh [failures_per_second=100] [seconds=20] [burst=3000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# Release builds (their outputs do not collide with the Debug builds of the shared workspace); CONFIG=Debug to compare.
CONFIG=${CONFIG:-Release}
dotnet build services/Dunning.Notification -c "$CONFIG" -v q -nologo
dotnet build bench/notification/Dunning.Notification.Bench -c "$CONFIG" -v q -nologo
# The service processes the bench starts inherit its environment, so they run at the shipped log levels.
source bench/shipped-logging.sh
echo "$SHIPPED_LOGGING_LINE"
table="$(env $(shipped_logging_env) \
  dotnet bench/notification/Dunning.Notification.Bench/bin/$CONFIG/net10.0/Dunning.Notification.Bench.dll "${1:-100}" "${2:-20}" "${3:-3000}")"
{
  echo "# Notification benchmark"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(git rev-parse --short HEAD), $CONFIG build, load average $(cut -d" " -f1-3 /proc/loadavg) before the run; Postgres, RabbitMQ, maildev and the service on the same machine."
  echo "$SHIPPED_LOGGING_LINE"
  echo
  echo "$table"
} > bench/results/notification.md.new
mv bench/results/notification.md.new bench/results/notification.md
cat bench/results/notification.md
