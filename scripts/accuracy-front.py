#!/usr/bin/env python3
"""Accuracy against cost (docs/ACCURACY.md): trains models of five sizes on one data set for the
same wall time each, then times each trained potential with `latte-bench cost` and draws the
front with `latte-plot accuracy-front`.

    scripts/accuracy-front.py ethanol|silicon --minutes M [--threads 2] [--out runs/front-NAME]

Each size starts from the data set's shipped config (configs/NAME.json) with only the
descriptor and the hidden layers changed. The epochs that fit in M minutes are found by a
3-epoch calibration run of that size; the schedule decays over those epochs. Writes OUT/front.csv
(the table `latte-plot accuracy-front` reads, with the published results of SOURCES.md for
ethanol), OUT/front.svg, and one run folder per size. Run it on a quiet machine: the epochs,
and so the errors, follow the seconds an epoch takes.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")

# (label, descriptor shape, hidden layers), from tiny to large.
SIZES = [
    ("tiny", "8,-:8,i,i:4,ij,ij", [16]),
    ("small", "16,-:16,i,i:16,ij,ij:8,i,j,ij", [32, 32]),
    ("medium", "24,-:24,i,i:24,ij,ij:16,ijk,ijk:16,i,j,ij", [64, 64]),
    ("large", "32,-:32,i,i:32,ij,ij:24,ijk,ijk:24,i,j,ij", [64, 64]),
    ("xlarge", "48,-:48,i,i:48,ij,ij:32,ijk,ijk:32,i,j,ij:16,i,i,j,j", [64, 64]),
]

# Published test errors on the same split (datasets/SOURCES.md), per atom for a 9-atom molecule.
PUBLISHED = {
    "ethanol": [("MACE", 2.1, 0.4 / 9), ("NequIP", 2.8, 0.4 / 9), ("linear ACE", 7.3, 1.2 / 9)],
}


def config_for(name, shape, hidden, epochs, threads, output):
    base_path = os.path.join(ROOT, "configs", f"{name}.json")
    with open(base_path) as f:
        config = json.load(f)
    for key in ("train", "test"):
        config["data"][key] = os.path.normpath(os.path.join(ROOT, "configs", config["data"][key]))
    config.pop("description", None)
    config["model"]["descriptor"] = shape
    config["model"]["hidden"] = hidden
    training = config["training"]
    training["epochs"] = epochs
    training["threads"] = threads
    schedule = training.get("schedule", {})
    schedule.pop("decay_steps", None)
    if schedule.get("type", "exponential") in ("exponential", "cosine"):
        schedule["decay_epochs"] = epochs
    training["schedule"] = schedule
    config["output"] = output
    return config


def train(config, path):
    with open(path, "w") as f:
        json.dump(config, f, indent=1)
    subprocess.run([os.path.join(BIN, "latte-train"), path, "--overwrite"], check=True,
                   stdout=subprocess.DEVNULL)


def seconds_per_epoch(metrics_csv):
    with open(metrics_csv) as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    column = rows[0].index("seconds")
    times = sorted(float(row[column]) for row in rows[2:]) or [float(rows[1][column])]
    return times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=["ethanol", "silicon"])
    parser.add_argument("--minutes", type=float, required=True, help="training wall time per size")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    out = os.path.abspath(args.out or os.path.join(ROOT, "runs", f"front-{args.name}"))
    os.makedirs(out, exist_ok=True)
    rows = ["label,cost_us_per_atom,force_mae_meV_per_A,energy_mae_meV_per_atom"]
    for label, shape, hidden in SIZES:
        probe = os.path.join(out, f"{label}-calibration")
        train(config_for(args.name, shape, hidden, 3, args.threads, probe), probe + ".json")
        per_epoch = seconds_per_epoch(os.path.join(probe, "metrics.csv"))
        epochs = max(1, int(args.minutes * 60 / per_epoch))
        run = os.path.join(out, label)
        train(config_for(args.name, shape, hidden, epochs, args.threads, run), run + ".json")
        with open(os.path.join(run, "test_metrics.json")) as f:
            test = json.load(f)
        config = config_for(args.name, shape, hidden, epochs, args.threads, run)
        cost = json.loads(subprocess.run(
            [os.path.join(BIN, "latte-bench"), "cost", "--potential", os.path.join(run, "potential.json"),
             "--data", config["data"]["test"], "--json"], check=True, capture_output=True, text=True).stdout)
        force, energy = 1e3 * test["force_mae"], 1e3 * test["energy_mae"]
        print(f"{label}: {epochs} epochs ({per_epoch:.2f} s each), {cost['ef_us_per_atom_1t']:.2f} µs/atom, "
              f"force MAE {force:.2f} meV/Å, energy MAE {energy:.3f} meV/atom", flush=True)
        rows.append(f"{label} (D={cost['descriptor_length']}),{cost['ef_us_per_atom_1t']:.4g},{force:.4g},{energy:.4g}")
    for label, force, energy in PUBLISHED.get(args.name, []):
        rows.append(f"{label},,{force:.4g},{energy:.4g}")
    table = os.path.join(out, "front.csv")
    with open(table, "w") as f:
        f.write("\n".join(rows) + "\n")
    subprocess.run([os.path.join(BIN, "latte-plot"), "accuracy-front", table, "--title", args.name,
                    "--output", os.path.join(out, "front.svg")], check=True)


if __name__ == "__main__":
    sys.exit(main())
