"""The calculator against latte-eval's predictions and against finite differences."""

import os
import tempfile
import unittest

import numpy as np
from ase.calculators.fd import calculate_numerical_forces, calculate_numerical_stress
from ase.io import read

import _support


def setUpModule():
    _support.require_build()


class AgreesWithLatteEval(unittest.TestCase):
    """Energies, forces (and stress) through ASE equal latte-eval --predictions to 1e-10."""

    def check(self, potential, source, indices, stress):
        with tempfile.TemporaryDirectory() as folder:
            structures = _support.frames_file(source, indices, folder)
            expected = _support.latte_eval_predictions(potential, structures)
            frames = read(structures, ":")
        calc = _support.calculator(potential)
        self.assertEqual(len(frames), len(expected))
        for atoms, reference in zip(frames, expected):
            atoms.calc = calc
            self.assertLessEqual(abs(atoms.get_potential_energy() - reference.get_potential_energy()), 1e-10)
            np.testing.assert_allclose(atoms.get_forces(), reference.get_forces(), rtol=0, atol=1e-10)
            self.assertAlmostEqual(atoms.get_potential_energies().sum(), atoms.get_potential_energy(), delta=1e-10)
            if stress:
                np.testing.assert_allclose(atoms.get_stress(), reference.get_stress(), rtol=0, atol=1e-10)

    def test_ethanol_frames(self):
        self.check(_support.CHO, _support.ETHANOL_TEST, [0, 1, 2, 3, 4], stress=False)

    def test_periodic_tial_frames(self):
        # Two 2-atom cells (the second sheared), a 54-atom and a 128-atom cell.
        self.check(_support.TIAL, _support.TIAL_DATA, [0, 1, 315, 320], stress=True)


class AgreesWithFiniteDifferences(unittest.TestCase):
    """Forces = -dE/dx and stress = (1/V) dE/dstrain, by ASE's own central differences."""

    def test_ethanol_forces(self):
        atoms = read(_support.ETHANOL_TEST, 0)
        atoms.calc = _support.calculator(_support.CHO)
        numerical = calculate_numerical_forces(atoms, eps=1e-4)
        np.testing.assert_allclose(atoms.get_forces(), numerical, rtol=0, atol=1e-7)

    def test_periodic_forces_with_images(self):
        # A sheared 2-atom cell much smaller than the cutoff: every neighbour is an image.
        atoms = read(_support.TIAL_DATA, 1)
        atoms.calc = _support.calculator(_support.TIAL)
        numerical = calculate_numerical_forces(atoms, eps=1e-4)
        np.testing.assert_allclose(atoms.get_forces(), numerical, rtol=0, atol=1e-7)

    def test_stress_under_strain(self):
        for index in (1, 315):  # a sheared 2-atom cell, a 54-atom cell
            atoms = read(_support.TIAL_DATA, index)
            atoms.calc = _support.calculator(_support.TIAL)
            numerical = calculate_numerical_stress(atoms, eps=1e-6)
            np.testing.assert_allclose(atoms.get_stress(), numerical, rtol=0, atol=1e-9, err_msg=f"frame {index}")


class Errors(unittest.TestCase):
    """Failures of the library arrive as Python exceptions with the library's message."""

    def test_unknown_species(self):
        from ase.build import molecule
        from latte_ase import LatteError
        atoms = molecule("NH3")
        atoms.calc = _support.calculator(_support.CHO)
        with self.assertRaisesRegex(LatteError, r"atom 0: N, Z = 7 is not a species of this potential \(it knows C, H, O\)"):
            atoms.get_potential_energy()

    def test_missing_potential(self):
        from latte_ase import LatteError
        with self.assertRaisesRegex(LatteError, "/no/such/potential.json: no such file"):
            _support.calculator("/no/such/potential.json")

    def test_atoms_on_top_of_each_other(self):
        from ase import Atoms
        from latte_ase import LatteError
        atoms = Atoms("HH", positions=[[0, 0, 0], [0, 0, 0]])
        atoms.calc = _support.calculator(_support.CHO)
        with self.assertRaisesRegex(LatteError, "not finite"):
            atoms.get_potential_energy()

    def test_no_stress_without_a_periodic_cell(self):
        from ase.calculators.calculator import PropertyNotImplementedError
        atoms = read(_support.ETHANOL_TEST, 0)
        atoms.calc = _support.calculator(_support.CHO)
        with self.assertRaises(PropertyNotImplementedError):
            atoms.get_stress()


if __name__ == "__main__":
    unittest.main()
