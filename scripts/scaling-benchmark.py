#!/usr/bin/env python3
"""Seconds per epoch and training structures per second of configs/silicon.json and
configs/tial.json on (processes x threads) = 1x1, 1x2, 2x1 (docs/SCALING.md).

Why: `mpiexec -n K latte-train` must pay for itself; this measures what two processes cost
against two threads in one, on the same cores, with the configs' real models and data. Each
run trains EPOCHS epochs (the first is left out as warm-up; the median of the others is
reported, with the fastest, validation included, as metrics.csv's seconds column holds it)
without the test set; on a shared machine the fastest epoch is the better estimate.
1xT runs are plain `latte-train` (no MPI); 2x1 is `mpiexec -n 2`. Also prints the bytes each
step gathers, as latte-train reports them.

Usage (from anywhere, after `swift build -c release`):  scripts/scaling-benchmark.py [EPOCHS]
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
train = os.path.join(root, ".build", "release", "latte-train")
epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 6

print(f"{'config':8} {'P x T':6} {'s/epoch':>8} {'fastest':>8} {'structures/s':>13}  epochs  gathered per step")
for name in ["silicon", "tial"]:
    with open(os.path.join(root, "configs", f"{name}.json")) as f:
        config = json.load(f)
    for key in ["train", "test"]:
        config["data"][key] = os.path.normpath(os.path.join(root, "configs", config["data"][key]))
    del config["data"]["test"]
    config["training"]["epochs"] = epochs
    for processes, threads in [(1, 1), (1, 2), (2, 1)]:
        folder = tempfile.mkdtemp(prefix=f"latte-scaling-{name}-")
        config["training"]["threads"] = threads
        config["output"] = os.path.join(folder, "run")
        path = os.path.join(folder, "config.json")
        with open(path, "w") as f:
            json.dump(config, f)
        command = [train, path] if processes == 1 else ["mpiexec", "-n", str(processes), train, path]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        counts = next(l for l in out.splitlines() if l.startswith("latte-train: ") and " training, " in l)
        training = int(counts.split("latte-train: ")[1].split(" training")[0])
        with open(os.path.join(folder, "run", "metrics.csv")) as f:
            seconds = [float(l.split(",")[-1]) for l in f.read().splitlines()[1:]]
        median = statistics.median(seconds[1:])
        gathered = next((l.split("every step gathers ")[1] for l in out.splitlines() if "every step gathers" in l), "-")
        fastest = min(seconds[1:])
        print(f"{name:8} {processes}x{threads:<4} {median:8.3f} {fastest:8.3f} {training / median:13.1f}  {len(seconds) - 1:6}  {gathered}")
