"""latte-select on a molecular dynamics trajectory written by ASE (docs/COMMITTEE.md).

A committee of three small members is trained (latte-train) on the Ti-Al cells without the
5000 K ones (all of two atoms). ASE runs NVE dynamics of a 36-atom supercell of the first
with the committee's mean: 20 frames from
300 K, then the velocities are scaled up to about 8000 K and 20 more frames follow. The
trajectory is written by ASE as extended XYZ (with the calculator's energies and forces), and
`latte-select --count 3` must return:

- the frames the selection rule gives on the calculator's own max_i sigma_F,i of every frame
  (the most uncertain first, the next at least --separation frames from those taken);
- frames of the hot half only (the committee has seen no such structures);
- each frame's species, positions and cell, without the calculator's energy and forces.
"""

import json
import os
import subprocess
import tempfile
import unittest

import _support


def setUpModule():
    _support.require_build()
    for tool in ("latte-train", "latte-select"):
        if not os.path.exists(os.path.join(_support.BUILD, tool)):
            raise unittest.SkipTest(f"{tool} is not built")


def greedy(deviations, count, separation):
    """The selection rule of docs/COMMITTEE.md, written again here to check latte-select."""
    order = sorted(range(len(deviations)), key=lambda f: (-deviations[f], f))
    chosen = []
    for frame in order:
        if len(chosen) < count and all(abs(frame - c) >= separation for c in chosen):
            chosen.append(frame)
    return sorted(chosen)


class SelectFromDynamics(unittest.TestCase):
    def test_latte_select_picks_the_hot_frames_of_an_ase_trajectory(self):
        import numpy as np
        from ase import units
        from ase.io import read, write
        from ase.md.verlet import VelocityVerlet

        with tempfile.TemporaryDirectory() as folder:
            cells = read(_support.TIAL_DATA, index=":")
            cold = [c for c in cells if c.info.get("config_type") != "TiAl_T5000"]
            write(os.path.join(folder, "cold.xyz"), cold, format="extxyz")
            config = {
                "data": {"train": "cold.xyz", "validation_fraction": 0.05},
                "model": {"cutoff": 5.0, "descriptor": "8,-:8,i,i:4,i,j,ij", "hidden": [16]},
                "training": {"epochs": 20, "batch_size": 4, "energy_weight": 10.0, "force_weight": 1.0,
                             "learning_rate": 0.01, "ema_decay": 0.99, "committee": 3,
                             "schedule": {"type": "exponential", "decay_rate": 0.1, "decay_epochs": 20}},
                "output": "run"}
            with open(os.path.join(folder, "config.json"), "w") as handle:
                json.dump(config, handle)
            subprocess.run([os.path.join(_support.BUILD, "latte-train"), "config.json"], cwd=folder,
                           check=True, capture_output=True)
            committee = os.path.join(folder, "run", "potential.json")

            atoms = cold[0].repeat((3, 3, 2))  # the cold cells have two atoms
            atoms.calc = _support.calculator(committee)
            # Maxwell-Boltzmann velocities at 300 K (seed 1).
            sigma = np.sqrt(atoms.get_masses() * units.kB * 300)[:, None]
            atoms.set_momenta(np.random.default_rng(1).standard_normal((len(atoms), 3)) * sigma)
            dynamics = VelocityVerlet(atoms, timestep=1.0 * units.fs)
            frames = []

            def record():
                frame = atoms.copy()
                frame.calc = None
                frame.info["energy"] = atoms.get_potential_energy()
                frame.arrays["forces"] = atoms.get_forces()
                frames.append(frame)

            for _ in range(20):
                dynamics.run(5)
                record()
            atoms.set_velocities(atoms.get_velocities() * (8000 / 300) ** 0.5)
            for _ in range(20):
                dynamics.run(5)
                record()
            trajectory = os.path.join(folder, "md.xyz")
            write(trajectory, frames, format="extxyz")
            # What latte-select reads: ASE writes positions to 8 decimals.
            frames = read(trajectory, index=":")
            calculator = _support.calculator(committee)
            deviations = []
            for frame in frames:
                calculator.calculate(frame, ["forces"])
                deviations.append(calculator.results["max_force_deviation"])

            selected = os.path.join(folder, "selected.xyz")
            _support.run_tool("latte-select", "--model", os.path.join(folder, "run"), "--candidates", trajectory,
                              "--count", "3", "--output", selected)
            picked = read(selected, index=":")
            numbers = [int(frame.info["candidate_frame"]) - 1 for frame in picked]
            self.assertEqual(numbers, greedy(deviations, 3, separation=len(frames) // 6))
            self.assertTrue(all(n >= 20 for n in numbers), f"frames {numbers}, deviations {deviations}")
            for number, frame in zip(numbers, picked):
                np.testing.assert_allclose(frame.info["max_force_deviation"], deviations[number], rtol=1e-10)
                self.assertEqual(frame.get_chemical_symbols(), frames[number].get_chemical_symbols())
                np.testing.assert_array_equal(frame.positions, frames[number].positions)
                np.testing.assert_array_equal(frame.cell[:], frames[number].cell[:])
                self.assertNotIn("energy", frame.info)
                self.assertNotIn("forces", frame.arrays)


if __name__ == "__main__":
    unittest.main()
