import Latte

/// The README.md of a bundle: what each file is and how to use it from ASE, C and LAMMPS.
enum BundleReadme {
    static func text(committee: Committee, source: String, library: String, panna: Bool,
                     lammps: Bool) -> String {
        let parameters = committee.members[0]
        let species = committee.species.joined(separator: ", ")
        let pannaRow = panna ? "| `panna/` | PANNA's files for LAMMPS (see below) |\n" : ""
        let lammpsRow = lammps ? "| `lammps/` | LAMMPS' `pair_style latte`: `latteplugin.so`, its sources, `in.example` (see below) |\n" : ""
        return """
        # LATTE potential bundle

        Written by `latte-export` from `\(source)`. Species \(species); cutoff \(committee.cutoff) Å;
        \(committee.count > 1 ? "a committee of \(committee.count) potentials (see \"Committees\" below); the first has " : "")descriptor `\(parameters.shape)` (\(parameters.speciesWeightMode.rawValue) species weights),
        \(parameters.activation.rawValue) networks.

        | file | what |
        |---|---|
        | `potential.json` | the potential (the `latte-potential` format, version 1), or a committee of them |
        | `lib/\(library)` | the C library: loads a potential; energy, forces, per-atom energies and virial |
        | `include/latte.h` | the library's C API, every function documented |
        | `latte_ase.py` | an ASE calculator over the library (needs only `numpy` and `ase`) |
        | `examples/latte_energy.c` | a small C program using the library |
        | `README.md` | this file |
        \(pannaRow)\(lammpsRow)
        ## What the library needs

        Linux x86_64 with a glibc at least as new as the machine that built it, `libstdc++`, and
        a BLAS and LAPACKE (Debian/Ubuntu: `sudo apt-get install libopenblas0 liblapacke`). The
        Swift runtime and Foundation are linked into the library, so no Swift toolchain is needed.
        `ldd lib/\(library)` lists what it loads. For speed, run with `OPENBLAS_NUM_THREADS=1`
        (the library works on small matrices; BLAS threads only get in the way).

        ## ASE

        `latte_ase.py` finds `lib/\(library)` beside itself (elsewhere: set `LATTE_LIBRARY` to
        the library's path, or pass `library=`):

            import sys
            sys.path.insert(0, "/path/to/this/bundle")
            from ase.io import read
            from latte_ase import LatteCalculator

            atoms = read("structure.xyz")
            atoms.calc = LatteCalculator("/path/to/this/bundle/potential.json")
            energy = atoms.get_potential_energy()      # eV
            forces = atoms.get_forces()                # eV/Å
            per_atom = atoms.get_potential_energies()  # eV, summing to the energy
            stress = atoms.get_stress()                # eV/Å³, ASE's sign; cells periodic in 3D

        Molecular dynamics, for example NVE at 0.5 fs from 300 K:

            from ase import units
            from ase.md.velocitydistribution import MaxwellBoltzmannDistribution
            from ase.md.verlet import VelocityVerlet

            MaxwellBoltzmannDistribution(atoms, temperature_K=300)
            VelocityVerlet(atoms, timestep=0.5 * units.fs).run(1000)

        Each calculator has its own handle into the library: separate calculators may run in
        separate threads at once; one calculator must not be shared by two threads at once.
        Errors of the library (a species the potential does not know, a bad cell) are raised as
        `latte_ase.LatteError` with the library's message.

        ## C

            cc -std=c99 -I include examples/latte_energy.c -L lib -llatte -Wl,-rpath,"$PWD/lib" -o latte_energy
            ./latte_energy potential.json structure.xyz

        prints the energy, then each atom's energy and force. `include/latte.h` documents the
        API: `latte_potential_load`, `latte_compute` (positions, atomic numbers, cell, pbc in;
        energy, forces, per-atom energies, virial out), `latte_last_error`, `latte_potential_free`.
        Every call that can fail returns a status and never crashes on bad input.

        ## Committees

        A committee file (several potentials trained alike, differing in their seed) is loaded
        like a single potential. Every engine here predicts with the members' mean
        ⟨x⟩ = (1/K) Σ_k x_k and reports their spread, the force deviation of each atom
        σ_F,i = sqrt(⟨‖F_k,i − ⟨F_i⟩‖²⟩) (eV/Å), its maximum over atoms, and the energy
        deviation σ_E = sqrt(⟨(E_k − ⟨E⟩)²⟩) (eV): where they are large, the potential is
        guessing. A single potential is a committee of one: its numbers are unchanged, its
        deviations zero.

        - ASE: `atoms.calc.get_property("force_deviation", atoms)` (per atom),
          `"max_force_deviation"`, `"energy_deviation"`.
        - C: `latte_potential_member_count`, `latte_compute_committee` (latte_compute plus σ_E
          and σ_F,i), `latte_compute_neighbours_committee` (each member's forces on a domain) and
          `latte_committee_force_deviations` (σ_F,i from members' forces); see `include/latte.h`.
        - LAMMPS: `fix dev all pair 1 latte force_deviation 1` makes σ_F,i the per-atom `f_dev`
          (for `dump` and `compute reduce max f_dev`); see `lammps/README.md`.

        ## LAMMPS

        \(lammps ? lammpsSection(committee) : "`latte-export --lammps` adds LAMMPS' `pair_style latte` (float64, any number of MPI ranks), built against your LAMMPS.")

        \(panna
            ? "The `panna/` folder holds `panna.in` and `model.bin` for PANNA's `pair_style latte` (compile PANNA's LAMMPS plugin into LAMMPS; `newton on`; atom types in the order of `species=` in panna.in):\n\n    pair_style latte\n    pair_coeff * * panna\n\nThe format is described field by field in Latte's docs/PANNA-EXPORT.md. The plugin computes in float32."
            : "`latte-export --panna` adds PANNA's files for PANNA's own, float32 `pair_style latte` (gaussian activations and specific species weights only).")

        """
    }

    static func lammpsSection(_ committee: Committee) -> String {
        """
        `lammps/latteplugin.so` is our `pair_style latte`, built against the LAMMPS that
        latte-export found (`lammps/README.md` says how to rebuild it against another):

            plugin load   /path/to/this/bundle/lammps/latteplugin.so
            pair_style    latte
            pair_coeff    * * /path/to/this/bundle/potential.json \(committee.species.joined(separator: " "))

        One element (or `NULL`, for `pair_style hybrid/overlay`) per atom type; `units metal`.
        `cd lammps && lmp -in in.example` runs a short example.
        """
    }
}
