#!/usr/bin/env python3
"""Percentiles of pgbench per-transaction logs (latency in µs, 3rd column) → one markdown table row."""
import glob, sys
label, pattern = sys.argv[1], sys.argv[2]
xs = sorted(int(line.split()[2]) / 1000 for f in glob.glob(pattern) for line in open(f))
pct = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))]
print(f"| {label} | {len(xs)} | {pct(0.5):.2f} | {pct(0.99):.2f} | {xs[-1]:.2f} |")
