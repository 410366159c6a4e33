#!/usr/bin/env python3
"""How much of a trained potential is alive (docs/ACCURACY.md, "Why the gaussian recipe stalls").

    scripts/network-health.py POTENTIAL.json DATA.xyz [--frames 40]

Evaluates the potential with the NumPy reference (../shared/reference/latte_reference.py, or
$LATTE_REFERENCE) on the first frames of DATA.xyz and prints, per species:

- the spread of the descriptor components over those atoms (median and largest standard
  deviation) and how many components are zero on every atom: radial channels whose support
  holds none of the data's distances;
- per hidden layer, the fraction of dead units, whose activation varies by less than 1e-3 over
  all atoms (a constant the next layer could have had as a bias), and the mean activation.

A unit or channel that is dead on the training data also gets no gradient there, so it stays
dead: these fractions are capacity the fit cannot use.
"""
import argparse
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REFERENCE = os.environ.get("LATTE_REFERENCE", os.path.join(ROOT, "..", "shared", "reference"))
DEAD_DEVIATION = 1e-3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("potential")
    parser.add_argument("data")
    parser.add_argument("--frames", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, REFERENCE)
    try:
        import latte_reference as reference
    except ImportError:
        sys.exit(f"network-health: no latte_reference.py in {REFERENCE} (set LATTE_REFERENCE)")

    potential = reference.load_potential(args.potential)
    species = potential["species"]
    activation = reference.activation(potential["networks"]["activation"])
    descriptors = {s: [] for s in species}
    hidden = {s: [] for s in species}  # per atom, the activations of each hidden layer
    for frame in reference.read_extxyz(args.data)[: args.frames]:
        indices = np.array([species.index(symbol) for symbol in frame["species"]])
        frame_descriptors = reference.descriptors(potential, indices, frame["pos"], frame["cell"])
        for atom, s in enumerate(indices):
            symbol = species[s]
            layers = potential["networks"]["species"][symbol]["layers"]
            x = frame_descriptors[atom]
            descriptors[symbol].append(x)
            activations = []
            for layer in layers[:-1]:
                x = activation(np.array(layer["weight"]) @ x + np.array(layer["bias"]))
                activations.append(x)
            hidden[symbol].append(activations)

    for symbol in species:
        if not descriptors[symbol]:
            continue
        d = np.array(descriptors[symbol])  # [atoms, D]
        deviation = d.std(axis=0)
        zero = int((np.abs(d).max(axis=0) == 0).sum())
        print(f"{symbol}: {len(d)} atoms; descriptor std median {np.median(deviation):.3g}, "
              f"largest {deviation.max():.3g}; {zero} of {d.shape[1]} components zero on every atom")
        for layer in range(len(hidden[symbol][0])):
            h = np.array([atom[layer] for atom in hidden[symbol]])  # [atoms, units]
            dead = (h.std(axis=0) < DEAD_DEVIATION).mean()
            print(f"  hidden layer {layer + 1}: {dead:.0%} of {h.shape[1]} units dead, "
                  f"mean activation {h.mean():.3f}")


if __name__ == "__main__":
    main()
