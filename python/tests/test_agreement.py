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


class CommitteeAgreesWithItsMembers(unittest.TestCase):
    """A committee's results are the members' mean and spread (latte-eval on each member, the
    Swift model), to 1e-10; a committee of one is the plain potential, bit for bit."""

    FRAMES = [0, 1, 315, 320]  # two 2-atom cells (the second sheared), a 54-atom and a 128-atom cell

    def test_mean_and_deviations_of_three_members(self):
        with tempfile.TemporaryDirectory() as folder:
            members, committee = _support.committee_files(_support.TIAL, 3, folder)
            structures = _support.frames_file(_support.TIAL_DATA, self.FRAMES, folder)
            predicted = [_support.latte_eval_predictions(member, structures) for member in members]
            frames = read(structures, ":")
            calc = _support.calculator(committee)
        self.assertEqual(calc.members, 3)
        largest = 0.0
        for index, atoms in enumerate(frames):
            each = [p[index] for p in predicted]
            energies = np.array([m.get_potential_energy() for m in each])
            forces = np.array([m.get_forces() for m in each])     # [members, atoms, 3]
            stresses = np.array([m.get_stress() for m in each])
            mean_forces = forces.sum(axis=0) / 3
            sigma_f = np.sqrt((((forces - mean_forces) ** 2).sum(axis=2)).mean(axis=0))
            atoms.calc = calc
            self.assertLessEqual(abs(atoms.get_potential_energy() - energies.sum() / 3), 1e-10)
            np.testing.assert_allclose(atoms.get_forces(), mean_forces, rtol=0, atol=1e-10)
            np.testing.assert_allclose(atoms.get_stress(), stresses.sum(axis=0) / 3, rtol=0, atol=1e-10)
            self.assertAlmostEqual(calc.get_property("energy_deviation", atoms), energies.std(), delta=1e-10)
            deviation = calc.get_property("force_deviation", atoms)
            self.assertEqual(deviation.shape, (len(atoms),))
            np.testing.assert_allclose(deviation, sigma_f, rtol=0, atol=1e-10)
            self.assertAlmostEqual(calc.get_property("max_force_deviation", atoms), sigma_f.max(), delta=1e-10)
            largest = max(largest, sigma_f.max())
        self.assertGreater(largest, 1e-3, "the members must disagree")

    def test_a_committee_of_one_is_the_plain_potential_bit_for_bit(self):
        with tempfile.TemporaryDirectory() as folder:
            one = _support.committee_of_one(_support.TIAL, folder)
            frames = read(_support.frames_file(_support.TIAL_DATA, self.FRAMES, folder), ":")
            plain, single = _support.calculator(_support.TIAL), _support.calculator(one)
        self.assertEqual(single.members, 1)
        for atoms in frames:
            results = []
            for calc in (plain, single):
                atoms.calc = calc
                results.append((atoms.get_potential_energy(), atoms.get_forces(), atoms.get_stress(),
                                atoms.get_potential_energies()))
                self.assertEqual(calc.get_property("energy_deviation", atoms), 0.0)
                self.assertEqual(calc.get_property("max_force_deviation", atoms), 0.0)
                self.assertTrue((calc.get_property("force_deviation", atoms) == 0).all())
            self.assertEqual(results[0][0], results[1][0])
            for k in (1, 2, 3):
                self.assertTrue(np.array_equal(results[0][k], results[1][k]))


class Errors(unittest.TestCase):
    """Failures of the library arrive as Python exceptions with the library's message."""

    def test_unknown_species(self):
        from ase.build import molecule
        from latte_ase import LatteError
        atoms = molecule("NH3")
        atoms.calc = _support.calculator(_support.CHO)
        with self.assertRaisesRegex(LatteError, r"atom 0: N, Z = 7 is not a species of this potential \(it knows C, H, O\)"):
            atoms.get_potential_energy()

    def test_committee_with_mismatched_species(self):
        import json
        from latte_ase import LatteError
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "mismatched.json")
            members = []
            for potential in (_support.TIAL, _support.CHO):
                with open(potential) as handle:
                    members.append(json.load(handle))
            with open(path, "w") as handle:
                json.dump({"format": "latte-potential", "version": 1, "committee": members}, handle)
            with self.assertRaises(LatteError) as raised:
                _support.calculator(path)
        self.assertEqual(str(raised.exception), f"{path}: committee[1].species: expected the species of the first "
                         "member, [Ti, Al], found [C, H, O]")

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
