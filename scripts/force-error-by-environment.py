#!/usr/bin/env python3
"""Where a potential's force error sits, atom by atom (docs/ACCURACY.md, silicon).

    latte-eval --model RUN --data DATA.xyz --predictions PREDICTIONS.xyz
    scripts/force-error-by-environment.py PREDICTIONS.xyz [--min-atoms 60] [--bond 2.7]

Reads the frames `latte-eval --predictions` writes (predicted forces, and the reference ones as
`ref_forces`), keeps the frames with at least --min-atoms atoms, and groups their atoms twice:
by the distance to the nearest neighbour, and by the number of neighbours closer than --bond Å
(the coordination). Per group it prints the atom count, the RMS of the force error |F̂ − F|,
the RMS of the reference force |F|, and the group's share of the summed squared error.
"""
import argparse

import numpy as np
from ase.io import read
from ase.neighborlist import neighbor_list

NEAREST_BINS = [(0.0, 2.1), (2.1, 2.2), (2.2, 2.3), (2.3, 2.4), (2.4, np.inf)]


def atoms_of(frames, min_atoms, bond, cutoff=5.0):
    """Per atom: nearest-neighbour distance, coordination, |error| and |reference| (eV/Å)."""
    rows = []
    for frame in frames:
        if len(frame) < min_atoms:
            continue
        reference, predicted = frame.arrays["ref_forces"], frame.get_forces()
        centres, distances = neighbor_list("id", frame, cutoff)
        nearest = np.full(len(frame), np.inf)
        np.minimum.at(nearest, centres, distances)
        coordination = np.bincount(centres[distances < bond], minlength=len(frame))
        error = np.linalg.norm(predicted - reference, axis=1)
        size = np.linalg.norm(reference, axis=1)
        rows += list(zip(nearest, coordination, error, size))
    return np.array(rows).reshape(-1, 4)


def report(label, rows, selected, total):
    count = int(selected.sum())
    if count == 0:
        return
    error, size = rows[selected, 2], rows[selected, 3]
    print(f"{label:<22} atoms {count:5d}  error RMS {1000 * np.sqrt((error ** 2).mean()):7.1f} meV/Å"
          f"  |F| RMS {1000 * np.sqrt((size ** 2).mean()):6.0f} meV/Å"
          f"  share of squared error {100 * (error ** 2).sum() / total:5.1f} %")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("predictions")
    parser.add_argument("--min-atoms", type=int, default=60)
    parser.add_argument("--bond", type=float, default=2.7, help="coordination counts neighbours closer than this (Å)")
    arguments = parser.parse_args()
    rows = atoms_of(read(arguments.predictions, ":"), arguments.min_atoms, arguments.bond)
    if len(rows) == 0:
        raise SystemExit(f"{arguments.predictions}: no frame with at least {arguments.min_atoms} atoms")
    total = (rows[:, 2] ** 2).sum()
    print(f"{len(rows)} atoms in frames of at least {arguments.min_atoms} atoms")
    for low, high in NEAREST_BINS:
        report(f"nearest [{low:.1f}, {high:.1f}) Å", rows, (rows[:, 0] >= low) & (rows[:, 0] < high), total)
    for neighbours in range(int(rows[:, 1].min()), int(rows[:, 1].max()) + 1):
        report(f"{neighbours} within {arguments.bond} Å", rows, rows[:, 1] == neighbours, total)


if __name__ == "__main__":
    main()
