#!/usr/bin/env python3
"""From the stub's call log and the seeded due times: calls, 429s, the busiest second, throughput and lag percentiles."""
import sys, collections
label, log, due_file = sys.argv[1], sys.argv[2], sys.argv[3]
due = {line.split("|")[0]: float(line.split("|")[1]) for line in open(due_file) if "|" in line}
calls = [(float(t), inv, int(s)) for t, inv, s in (line.split() for line in open(log)) if inv in due]
ok = [c for c in calls if c[2] == 200]
per_second = collections.Counter(int(t) for t, _, _ in calls)
times = sorted(t for t, _, _ in calls)
window_max = max((sum(1 for u in times[i:i + 200] if u < t + 1.0) for i, t in enumerate(times)), default=0)
lags = sorted(t - due[inv] for t, inv, _ in ok)
pct = lambda p: lags[min(len(lags) - 1, int(p * len(lags)))] if lags else float("nan")
span = (times[-1] - times[0]) if len(times) > 1 else float("nan")
print(f"| {label} | {len(due)} | {len(ok)} | {sum(1 for c in calls if c[2] == 429)} | {window_max} | {len(calls) / span:.1f} | {pct(0.5) * 1000:.0f} | {pct(0.99) * 1000:.0f} | {lags[-1] * 1000 if lags else float('nan'):.0f} |")
