"""A bundle written by latte-export works on its own: its latte_ase.py finds lib/liblatte.so
beside itself (no LATTE_LIBRARY) and gives the repository calculator's numbers."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

from ase.io import read

import _support


def setUpModule():
    _support.require_build()


SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from ase.io import read
import latte_ase
from latte_ase import LatteCalculator
atoms = read(sys.argv[2], 0)
atoms.calc = LatteCalculator(sys.argv[1] + "/potential.json")
print(json.dumps({"module": latte_ase.__file__, "energy": atoms.get_potential_energy(),
                  "forces": atoms.get_forces().tolist()}))
"""


class Bundle(unittest.TestCase):
    def test_bundle_calculator_finds_its_library(self):
        with tempfile.TemporaryDirectory() as folder:
            bundle = os.path.join(folder, "bundle")
            _support.run_tool("latte-export", _support.CHO, "--output", bundle)
            environment = {k: v for k, v in os.environ.items() if k not in ("LATTE_LIBRARY", "PYTHONPATH")}
            result = subprocess.run([sys.executable, "-c", SCRIPT, bundle, _support.ETHANOL_TEST],
                                    capture_output=True, text=True, env=environment, cwd=folder)
            self.assertEqual(result.returncode, 0, result.stderr)
            answer = json.loads(result.stdout)
            self.assertEqual(os.path.dirname(answer["module"]), bundle)
        atoms = read(_support.ETHANOL_TEST, 0)
        atoms.calc = _support.calculator(_support.CHO)
        self.assertEqual(answer["energy"], atoms.get_potential_energy())
        self.assertEqual(answer["forces"], atoms.get_forces().tolist())


if __name__ == "__main__":
    unittest.main()
