"""An ASE calculator for LATTE potentials, through liblatte's C API (latte.h) and ctypes.

    from latte_ase import LatteCalculator
    atoms.calc = LatteCalculator("potential.json")
    atoms.get_potential_energy(); atoms.get_forces(); atoms.get_stress()

Properties: ``energy`` and ``free_energy`` (the same number, eV), ``forces`` (eV/Å),
``energies`` (per-atom energies, eV, summing to the energy) and, on cells periodic along all
three axes, ``stress`` (eV/Å³, ASE's sign: positive under tension, Voigt order xx yy zz yz xz
xy), computed from the virial W as -W / V.

Committees (a committee file, Latte's docs/COMMITTEE.md): the properties above are the mean
<x> = (1/K) sum_k x_k of the K members' predictions, which drives the dynamics, and three more
give their spread (DeePMD-kit's model deviation), computed in the same call:

- ``force_deviation``: per atom, sigma_F,i = sqrt(<|F_k,i - <F_i>|^2>), eV/Å, shape (n,);
- ``max_force_deviation``: max_i sigma_F,i, eV/Å (0 without atoms);
- ``energy_deviation``: sigma_E = sqrt(<(E_k - <E>)^2>), eV.

Read them with ``atoms.calc.get_property("force_deviation", atoms)`` or from
``atoms.calc.results`` after a calculation. A plain potential is a committee of one: its
numbers are unchanged, bit for bit, and the three deviations are zeros.

The library is looked for, in order: the ``library`` argument; ``lib/liblatte.so`` (or
``liblatte.so``) beside this file, as in a bundle written by ``latte-export``; the path in the
environment variable ``LATTE_LIBRARY``. Atoms are mapped to the potential's species by their
atomic numbers. Errors of the library become ``LatteError`` with the library's message.

Each calculator owns its own handle, so separate calculators can be used from separate
threads at once (the library call releases the GIL); one calculator must not be used by two
threads at once. Depends on numpy and ase only.
"""

import ctypes
import os
import sys

import numpy as np
from ase.calculators.calculator import Calculator, PropertyNotImplementedError, all_changes
from ase.stress import full_3x3_to_voigt_6_stress

__all__ = ["LatteCalculator", "LatteError", "load_library"]

# The C API version whose calls this module uses (3: committees); later versions keep them (latte.h).
API_VERSION = 3
_LIBRARY_NAME = "liblatte.dylib" if sys.platform == "darwin" else "liblatte.so"

_double_p = ctypes.POINTER(ctypes.c_double)
_int_p = ctypes.POINTER(ctypes.c_int)


class LatteError(RuntimeError):
    """A failure reported by liblatte; the message is the library's."""


def _library_path(library=None):
    """The liblatte to load: ``library``, else one beside this file, else ``LATTE_LIBRARY``."""
    if library is not None:
        return os.fspath(library)
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (os.path.join(here, "lib", _LIBRARY_NAME), os.path.join(here, _LIBRARY_NAME)):
        if os.path.isfile(candidate):
            return candidate
    from_environment = os.environ.get("LATTE_LIBRARY")
    if from_environment:
        return from_environment
    raise LatteError(
        f"cannot find {_LIBRARY_NAME}: not in {os.path.join(here, 'lib')} or {here}, and "
        "LATTE_LIBRARY is not set (point it at the library, or pass library=...)")


def load_library(library=None):
    """Loads liblatte (see ``_library_path``) and declares its functions' C types."""
    path = _library_path(library)
    try:
        lib = ctypes.CDLL(path)
    except OSError as error:
        raise LatteError(f"cannot load {path}: {error}") from None
    lib.latte_api_version.restype = ctypes.c_int
    lib.latte_api_version.argtypes = []
    if lib.latte_api_version() < API_VERSION:
        raise LatteError(f"{path} has C API version {lib.latte_api_version()}, "
                         f"this module needs {API_VERSION} or later")
    lib.latte_last_error.restype = ctypes.c_char_p
    lib.latte_last_error.argtypes = []
    lib.latte_potential_load.restype = ctypes.c_void_p
    lib.latte_potential_load.argtypes = [ctypes.c_char_p]
    lib.latte_potential_free.restype = None
    lib.latte_potential_free.argtypes = [ctypes.c_void_p]
    lib.latte_potential_cutoff.restype = ctypes.c_double
    lib.latte_potential_cutoff.argtypes = [ctypes.c_void_p]
    lib.latte_potential_species_count.restype = ctypes.c_int
    lib.latte_potential_species_count.argtypes = [ctypes.c_void_p]
    lib.latte_potential_species.restype = ctypes.c_char_p
    lib.latte_potential_species.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.latte_potential_atomic_number.restype = ctypes.c_int
    lib.latte_potential_atomic_number.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.latte_potential_member_count.restype = ctypes.c_int
    lib.latte_potential_member_count.argtypes = [ctypes.c_void_p]
    lib.latte_compute_committee.restype = ctypes.c_int
    lib.latte_compute_committee.argtypes = [ctypes.c_void_p, ctypes.c_int, _double_p, _int_p, _double_p, _int_p,
                                            _double_p, _double_p, _double_p, _double_p, _double_p, _double_p]
    return lib


def _pointer(array, kind):
    return None if array is None else array.ctypes.data_as(kind)


class LatteCalculator(Calculator):
    """ASE calculator for a LATTE ``potential.json`` or committee file.

    ``potential_path``: the potential or committee file. ``library``: path of liblatte
    (optional; see the module's documentation for where it is looked for otherwise).
    """

    implemented_properties = ["energy", "free_energy", "forces", "stress", "energies",
                              "force_deviation", "max_force_deviation", "energy_deviation"]

    def __init__(self, potential_path, library=None, **kwargs):
        Calculator.__init__(self, **kwargs)
        self._lib = load_library(library)
        self._handle = None
        handle = self._lib.latte_potential_load(os.fsencode(potential_path))
        if not handle:
            raise LatteError(self._message())
        self._handle = ctypes.c_void_p(handle)
        self.potential_path = os.fspath(potential_path)
        count = self._lib.latte_potential_species_count(self._handle)
        #: The potential's species symbols, in its order.
        self.species = [self._lib.latte_potential_species(self._handle, s).decode() for s in range(count)]
        #: The cutoff radius, Å.
        self.cutoff = self._lib.latte_potential_cutoff(self._handle)
        #: The number of committee members (1 for a plain potential).
        self.members = self._lib.latte_potential_member_count(self._handle)

    def _message(self):
        return self._lib.latte_last_error().decode(errors="replace")

    def __del__(self):
        handle, self._handle = getattr(self, "_handle", None), None
        if handle is not None and getattr(self, "_lib", None) is not None:
            self._lib.latte_potential_free(handle)

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        Calculator.calculate(self, atoms, properties, system_changes)
        atoms = self.atoms
        pbc = np.ascontiguousarray(atoms.pbc, dtype=np.intc)
        want_stress = "stress" in properties
        if want_stress and not atoms.pbc.all():
            raise PropertyNotImplementedError("stress needs a cell periodic along all three axes")
        n = len(atoms)
        positions = np.ascontiguousarray(atoms.positions, dtype=np.float64)
        numbers = np.ascontiguousarray(atoms.numbers, dtype=np.intc)
        # Along a non-periodic axis ASE allows a zero lattice vector; complete() fills it in.
        cell = np.ascontiguousarray(atoms.cell.complete(), dtype=np.float64) if atoms.pbc.any() else None
        energy = ctypes.c_double()
        forces = np.zeros((n, 3))
        energies = np.zeros(n)
        virial = np.zeros((3, 3)) if want_stress else None
        energy_deviation = ctypes.c_double()
        force_deviation = np.zeros(n)
        status = self._lib.latte_compute_committee(
            self._handle, n, _pointer(positions, _double_p), _pointer(numbers, _int_p),
            _pointer(cell, _double_p), _pointer(pbc, _int_p), ctypes.byref(energy),
            _pointer(forces, _double_p), _pointer(energies, _double_p), _pointer(virial, _double_p),
            ctypes.byref(energy_deviation), _pointer(force_deviation, _double_p))
        if status != 0:
            raise LatteError(self._message())
        self.results["energy"] = energy.value
        self.results["free_energy"] = energy.value
        self.results["forces"] = forces
        self.results["energies"] = energies
        self.results["energy_deviation"] = energy_deviation.value
        self.results["force_deviation"] = force_deviation
        self.results["max_force_deviation"] = float(force_deviation.max()) if n else 0.0
        if want_stress:
            self.results["stress"] = full_3x3_to_voigt_6_stress(-virial / atoms.get_volume())
