"""Shared set-up of the calculator tests: the build products, the repository's data, helpers.

The tests need the products of `swift build -c release` (liblatte.so, latte-eval,
latte-export): set LATTE_BUILD_DIR to their folder, e.g.

    LATTE_BUILD_DIR=.build/release python3 -m unittest discover -s python/tests -v

Without it every test is skipped with that reason. The Swift end-to-end tests
(Tests/EndToEndTests/PythonCalculatorTests.swift) run these with LATTE_BUILD_DIR set.
The calculator under test is the repository's python/latte_ase.py.
"""

import os
import subprocess
import sys
import tempfile
import unittest

# One BLAS thread (read by OpenBLAS when liblatte loads it): the thread test compares results
# bit for bit, and the library works on small matrices anyway.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPOSITORY, "python"))
GOLDEN = os.path.join(REPOSITORY, "Tests", "LatteTests", "Fixtures", "golden")
CHO = os.path.join(GOLDEN, "potentials", "full_cho.json")     # species C, H, O
TIAL = os.path.join(GOLDEN, "potentials", "full_tial.json")   # species Ti, Al
TRAINED_ETHANOL = os.path.join(REPOSITORY, "docs", "ethanol-potential.json")  # configs/ethanol.json's result
ETHANOL_TEST = os.path.join(REPOSITORY, "datasets", "ethanol", "test.xyz")
TIAL_DATA = os.path.join(REPOSITORY, "datasets", "tial", "tial.xyz")

BUILD = os.environ.get("LATTE_BUILD_DIR", "")
LIBRARY = os.path.join(BUILD, "liblatte.dylib" if sys.platform == "darwin" else "liblatte.so")


def require_build():
    """Skips the calling module unless LATTE_BUILD_DIR holds the library and the tools."""
    if not BUILD:
        raise unittest.SkipTest("LATTE_BUILD_DIR is not set (the folder of swift build's products)")
    for product in (LIBRARY, os.path.join(BUILD, "latte-eval"), os.path.join(BUILD, "latte-export")):
        if not os.path.exists(product):
            raise unittest.SkipTest(f"{product} does not exist (build with swift build -c release)")


def calculator(potential):
    """A LatteCalculator on the built library."""
    from latte_ase import LatteCalculator
    return LatteCalculator(potential, library=LIBRARY)


def frames_file(source, indices, folder):
    """An extended XYZ file in `folder` holding frames `indices` (0-based) of `source`, copied
    line by line so that every number keeps all its digits."""
    with open(source) as handle:
        lines = handle.readlines()
    frames, at = [], 0
    while at < len(lines) and lines[at].strip():
        count = int(lines[at].split()[0])
        frames.append(lines[at:at + count + 2])
        at += count + 2
    path = os.path.join(folder, f"frames-{'-'.join(map(str, indices))}.xyz")
    with open(path, "w") as handle:
        for i in indices:
            handle.writelines(frames[i])
    return path


def committee_files(potential, count, folder):
    """`count` member files and a committee file of them in `folder` (docs/COMMITTEE.md): member
    0 is `potential`, member k its copy with every network weight and bias scaled by
    1 + 0.03 g (g seeded standard normal numbers), so the members share species and cutoff but
    disagree on forces. Returns (member paths, committee path)."""
    import json
    import numpy as np
    with open(potential) as handle:
        document = json.load(handle)
    members = []
    for k in range(count):
        member = json.loads(json.dumps(document))
        random = np.random.default_rng(40 + k)
        for network in member["networks"]["species"].values() if k else ():
            for layer in network["layers"]:
                for key in ("weight", "bias"):
                    values = np.asarray(layer[key], dtype=float)
                    layer[key] = (values * (1 + 0.03 * random.standard_normal(values.shape))).tolist()
        members.append(member)
    paths = []
    for k, member in enumerate(members):
        paths.append(os.path.join(folder, f"member-{k}.json"))
        with open(paths[-1], "w") as handle:
            json.dump(member, handle)
    committee = os.path.join(folder, f"committee-{count}.json")
    with open(committee, "w") as handle:
        json.dump({"format": "latte-potential", "version": 1, "committee": members}, handle)
    return paths, committee


def committee_of_one(potential, folder):
    """A committee file holding `potential`'s text as its one member (not the plain file)."""
    with open(potential) as handle:
        text = handle.read()
    path = os.path.join(folder, "committee-1.json")
    with open(path, "w") as handle:
        handle.write('{"format": "latte-potential", "version": 1, "committee": [\n' + text + "]}\n")
    return path


def run_tool(name, *arguments):
    """Runs a built tool; returns its standard output, raising with its error output on failure."""
    result = subprocess.run([os.path.join(BUILD, name), *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"{name} {' '.join(arguments)} failed ({result.returncode}): {result.stderr}")
    return result.stdout


def latte_eval_predictions(potential, structures):
    """The frames of `structures` as latte-eval --predictions writes them, read by ASE."""
    from ase.io import read
    with tempfile.TemporaryDirectory() as folder:
        output = os.path.join(folder, "predictions.xyz")
        run_tool("latte-eval", "--model", potential, "--data", structures, "--predictions", output)
        return read(output, ":")
