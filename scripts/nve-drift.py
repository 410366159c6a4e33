#!/usr/bin/env python3
"""Total-energy conservation of NVE molecular dynamics in ASE with a LATTE potential.

    LATTE_LIBRARY=.build/release/liblatte.so \\
        python3 scripts/nve-drift.py runs/ethanol/potential.json datasets/ethanol/test.xyz \\
        [--frame 0] [--steps 1000] [--timestep 0.5] [--temperature 300] [--seed 1] [--json]

Starts from one frame, draws Maxwell-Boltzmann velocities at the temperature (with a fixed
seed; centre-of-mass motion and rotation removed), runs velocity Verlet and reports, per atom:

- the largest |E_tot(t) - E_tot(0)| (meV/atom),
- the slope of a least-squares line through E_tot(t) (meV/atom/ps): the systematic drift,
- the standard deviation of E_tot(t) about that line (meV/atom): the fluctuation,

besides the mean kinetic temperature. Needs numpy, ase and latte_ase.py (from python/ in the
repository or from a bundle written by latte-export; `--module-path` names its folder).
"""

import argparse
import json
import os
import sys
import warnings

import numpy as np


def run(potential, structure, frame=0, steps=1000, timestep_fs=0.5, temperature=300.0, seed=1,
        library=None):
    """Runs the simulation; returns a dict of the measured numbers (energies in eV)."""
    from ase import units
    from ase.io import read
    from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary, ZeroRotation
    from ase.md.verlet import VelocityVerlet
    from latte_ase import LatteCalculator

    atoms = read(structure, frame)
    atoms.calc = LatteCalculator(potential, library=library)
    with warnings.catch_warnings():  # newer ASE suggests another name for the same thing
        warnings.simplefilter("ignore", DeprecationWarning)
        MaxwellBoltzmannDistribution(atoms, temperature_K=temperature, rng=np.random.default_rng(seed))
    Stationary(atoms)
    if not atoms.pbc.any():
        ZeroRotation(atoms)
    dynamics = VelocityVerlet(atoms, timestep=timestep_fs * units.fs)
    totals, temperatures = [], []

    def record():
        totals.append(atoms.get_potential_energy() + atoms.get_kinetic_energy())
        temperatures.append(atoms.get_temperature())

    dynamics.attach(record, interval=1)  # ASE calls it at the start and after every step
    dynamics.run(steps)
    assert len(totals) == steps + 1, f"expected {steps + 1} records, got {len(totals)}"
    totals = np.array(totals)
    n = len(atoms)
    time_ps = np.arange(len(totals)) * timestep_fs / 1000
    slope, intercept = np.polyfit(time_ps, totals, 1)
    residual = totals - (slope * time_ps + intercept)
    return {
        "atoms": n, "steps": steps, "timestep_fs": timestep_fs, "temperature_start_K": temperature,
        "seed": seed, "mean_temperature_K": float(np.mean(temperatures)),
        "max_abs_deviation_eV_per_atom": float(np.max(np.abs(totals - totals[0])) / n),
        "drift_eV_per_atom_per_ps": float(slope / n),
        "fluctuation_eV_per_atom": float(np.std(residual) / n),
        "total_energy_start_eV": float(totals[0]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("potential")
    parser.add_argument("structure")
    parser.add_argument("--frame", type=int, default=0)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--timestep", type=float, default=0.5, help="fs")
    parser.add_argument("--temperature", type=float, default=300.0, help="K, for the initial velocities")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--library", help="liblatte (default: beside latte_ase.py, else LATTE_LIBRARY)")
    parser.add_argument("--module-path", default=os.path.join(os.path.dirname(__file__), "..", "python"),
                        help="folder holding latte_ase.py")
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()
    sys.path.insert(0, args.module_path)
    result = run(args.potential, args.structure, args.frame, args.steps, args.timestep, args.temperature,
                 args.seed, args.library)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['atoms']} atoms, {result['steps']} steps of {result['timestep_fs']} fs from "
          f"{result['temperature_start_K']} K (seed {result['seed']}); mean temperature "
          f"{result['mean_temperature_K']:.1f} K")
    print(f"max |E_tot(t) - E_tot(0)|  {1e3 * result['max_abs_deviation_eV_per_atom']:.4f} meV/atom")
    print(f"linear drift              {1e3 * result['drift_eV_per_atom_per_ps']:+.4f} meV/atom/ps")
    print(f"fluctuation about the fit {1e3 * result['fluctuation_eV_per_atom']:.4f} meV/atom")


if __name__ == "__main__":
    main()
