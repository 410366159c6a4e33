#!/usr/bin/env python3
"""Two builds of latte-bench, side by side (docs/SPEED.md).

    scripts/compare-bench.py ROUNDS BENCH_A BENCH_B [latte-bench model options...]

Runs `BENCH model --json OPTIONS` for A and B in turn, ROUNDS times, flipping the order every
round, and prints for each timing field the medians of A and B and the median, smallest and
largest of the per-round ratios B/A. This machine's speed drifts between phases by more than
most changes are worth, so only ratios of runs made next to each other mean something. Run it
on a quiet machine (no build, test or training beside it), from the repository root, so that
latte-bench finds datasets/.

Example: compare the committed build with the working tree's

    git stash && swift build -c release && cp .build/release/latte-bench /tmp/bench-a
    git stash pop && swift build -c release
    scripts/compare-bench.py 12 /tmp/bench-a .build/release/latte-bench --quick
"""
import json
import statistics
import subprocess
import sys

FIELDS = ["ef_us_per_atom_1t", "ef_us_per_atom_2t", "train_step_ms_ethanol", "train_step_ms_silicon"]


def measure(bench, options):
    result = subprocess.run([bench, "model", "--json", *options], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"compare-bench: {bench} model failed: {result.stderr.strip()}")
    return json.loads(result.stdout)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    rounds, a, b, options = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    values = {bench: {field: [] for field in FIELDS} for bench in (a, b)}
    ratios = {field: [] for field in FIELDS}
    for round_number in range(rounds):
        order = (a, b) if round_number % 2 == 0 else (b, a)
        figures = {bench: measure(bench, options) for bench in order}
        for field in FIELDS:
            if figures[a].get(field) is None or figures[b].get(field) is None:
                continue
            for bench in (a, b):
                values[bench][field].append(figures[bench][field])
            ratios[field].append(figures[b][field] / figures[a][field])
    for field in FIELDS:
        if ratios[field]:
            print(f"{field}: A {statistics.median(values[a][field]):.3f}  B {statistics.median(values[b][field]):.3f}"
                  f"  B/A median {statistics.median(ratios[field]):.3f}"
                  f" (from {min(ratios[field]):.3f} to {max(ratios[field]):.3f}, {len(ratios[field])} rounds)")


if __name__ == "__main__":
    main()
