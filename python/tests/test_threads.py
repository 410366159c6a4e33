"""Separate calculators (separate library handles) work from separate threads at once."""

import threading
import unittest

import numpy as np
from ase.io import read

import _support


def setUpModule():
    _support.require_build()


class SeparateHandlesInSeparateThreads(unittest.TestCase):
    def test_two_threads_give_the_serial_results(self):
        jobs = [(_support.CHO, [read(_support.ETHANOL_TEST, i) for i in range(6)]),
                (_support.TIAL, [read(_support.TIAL_DATA, i) for i in (0, 1, 315, 2)])]

        def evaluate(potential, frames, calc=None):
            calc = calc or _support.calculator(potential)
            results = []
            for atoms in frames:
                atoms = atoms.copy()
                atoms.calc = calc
                stress = atoms.get_stress() if atoms.pbc.all() else None
                results.append((atoms.get_potential_energy(), atoms.get_forces().copy(), stress))
            return results

        serial = [evaluate(potential, frames) for potential, frames in jobs]
        calculators = [_support.calculator(potential) for potential, _ in jobs]
        threaded = [[], []]
        failures = []

        def work(k):
            try:
                for _ in range(10):  # long enough for the two threads to overlap many times
                    threaded[k].append(evaluate(jobs[k][0], jobs[k][1], calculators[k]))
            except Exception as error:  # reported below, in the main thread
                failures.append(error)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(failures, [])
        for k in range(2):
            for run in threaded[k]:
                for (energy, forces, stress), (e0, f0, s0) in zip(run, serial[k]):
                    self.assertEqual(energy, e0)
                    np.testing.assert_array_equal(forces, f0)
                    if s0 is not None:
                        np.testing.assert_array_equal(stress, s0)

    def test_errors_are_per_thread(self):
        """A failure in one thread does not change the message another thread reads."""
        from ase.build import molecule
        from latte_ase import LatteError
        messages = {}

        def fail(name, formula):
            atoms = molecule(formula)
            atoms.calc = _support.calculator(_support.CHO)
            for _ in range(20):
                try:
                    atoms.get_potential_energy()
                except LatteError as error:
                    messages.setdefault(name, set()).add(str(error))
                atoms.calc.reset()

        threads = [threading.Thread(target=fail, args=("N", "NH3")), threading.Thread(target=fail, args=("Si", "SiH4"))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(len(messages["N"]), 1)
        self.assertEqual(len(messages["Si"]), 1)
        self.assertIn("N, Z = 7", messages["N"].pop())
        self.assertIn("Si, Z = 14", messages["Si"].pop())


if __name__ == "__main__":
    unittest.main()
