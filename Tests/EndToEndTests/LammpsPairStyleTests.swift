import Atomistic
import Foundation
import Latte
import Linalg
import Testing

/// `pair_style latte` inside a real LAMMPS against the Swift model (the code behind
/// `latte-eval` and the C API): energies, per-atom energies, forces and virials in float64,
/// on one and several MPI ranks, alone and under `hybrid/overlay`, and its error lines.
@Suite(.enabled(if: Lammps.available, Lammps.skipReason), .serialized)
struct LammpsPairStyleTests {
    static let tialSpecies = ["Al", "Ti"]

    /// Holds LAMMPS' numbers to the model's (a committee's mean; one potential's own numbers) on
    /// the structure LAMMPS saw.
    static func expectAgreement(_ lammps: Lammps.Snapshot, _ structure: Structure, potential: String,
                                _ label: String) throws {
        let model = CommitteeModel(try PotentialFile.readCommittee(contentsOf: potential))
        let reference = try model.evaluate([structure], stress: true)[0].mean
        #expect(abs(lammps.energy - reference.energy) <= 1e-10 * abs(reference.energy), "\(label): energy")
        #expect(lammps.atomicEnergies.count == structure.atomCount, "\(label): atoms")
        for (i, e) in lammps.atomicEnergies.enumerated() {
            #expect(abs(e - reference.atomicEnergies[i]) <= 1e-10 * abs(reference.atomicEnergies[i]), "\(label): E_\(i)")
        }
        let largestForce = reference.forces.map(largest).max() ?? 0
        #expect(largestForce > 1e-3, "\(label): the structure must have forces to compare")
        for (i, f) in lammps.forces.enumerated() {
            #expect(largest(f - reference.forces[i]) <= 1e-10, "\(label): F_\(i) \(f) vs \(reference.forces[i])")
        }
        let w = try #require(reference.virial)
        let voigt = [w[0], w[4], w[8], w[1], w[2], w[5]]
        let scale = voigt.map(abs).max()!
        for k in 0..<6 {
            #expect(abs(lammps.virial[k] - voigt[k]) <= 1e-10 * scale, "\(label): virial \(k)")
            #expect(abs(lammps.atomicVirialSum[k] - voigt[k]) <= 1e-10 * scale, "\(label): per-atom virials' sum \(k)")
        }
    }

    static func tialCells() throws -> [Structure] {
        try ExtXYZ.read(path: LatteEvalTests.repository.appendingPathComponent("datasets/tial/test.xyz").path)
    }

    /// `cell` repeated n × n × n times, each atom nudged by a seeded few hundredths of an Å so
    /// that forces are not zero by symmetry.
    static func supercell(_ cell: Structure, _ n: Int) -> Structure {
        let lattice = cell.cell!
        var generator = SeededGenerator(seed: 7)
        var positions: [SIMD3<Double>] = [], species: [String] = []
        for i in 0..<n { for j in 0..<n { for k in 0..<n {
            let shift = Double(i) * lattice.a + Double(j) * lattice.b + Double(k) * lattice.c
            for (x, s) in zip(cell.positions, cell.species) {
                positions.append(x + shift + SIMD3(generator.nextUniform(from: -0.05, to: 0.05), generator.nextUniform(from: -0.05, to: 0.05),
                                                           generator.nextUniform(from: -0.05, to: 0.05)))
                species.append(s)
            }
        } } }
        let big = Cell(a: Double(n) * lattice.a, b: Double(n) * lattice.b, c: Double(n) * lattice.c)
        return Structure(species: species, positions: positions, cell: big, pbc: [true, true, true])
    }

    @Test func periodicTiAlCellsShorterThanTheCutoffAgreeWithTheModel() throws {
        // The set's cells hold 2 atoms with edges of 2.6–3.9 Å, under the 5 Å cutoff: every
        // neighbour is one of many periodic images.
        for (index, cell) in try Self.tialCells().prefix(4).enumerated() {
            let structure = Lammps.lammpsFrame(cell)
            #expect(structure.cell!.heights.min() < 5)
            let snapshot = try Lammps.snapshot(structure, potential: Lammps.tialPotential, species: Self.tialSpecies)
            try Self.expectAgreement(snapshot, structure, potential: Lammps.tialPotential, "Ti-Al cell \(index)")
        }
    }

    @Test func aTriclinicSupercellAgreesWithTheModel() throws {
        var cell = try Self.tialCells()[0]
        let l = cell.cell!
        // Tilt b and c (within LAMMPS' limits of half an edge) and keep the atoms' fractions.
        let tilted = Cell(a: l.a, b: l.b + 0.3 * l.a, c: l.c - 0.2 * l.a + 0.25 * l.b)
        cell.positions = cell.positions.map { tilted.cartesian(l.fractional($0)) }
        cell.cell = tilted
        let structure = Lammps.lammpsFrame(Self.supercell(cell, 2))
        #expect(structure.cell!.b.x != 0 && structure.cell!.c.x != 0 && structure.cell!.c.y != 0)
        let snapshot = try Lammps.snapshot(structure, potential: Lammps.tialPotential, species: Self.tialSpecies)
        try Self.expectAgreement(snapshot, structure, potential: Lammps.tialPotential, "triclinic")
    }

    @Test func anEthanolMoleculeInANonPeriodicBoxAgreesWithTheModel() throws {
        let molecule = try ExtXYZ.read(path: LatteEvalTests.repository.appendingPathComponent("datasets/ethanol/test.xyz").path)[0]
        let structure = Structure(species: molecule.species, positions: molecule.positions, cell: nil, pbc: [false, false, false])
        let snapshot = try Lammps.snapshot(structure, potential: Lammps.ethanolPotential, species: ["H", "C", "O"])
        try Self.expectAgreement(snapshot, structure, potential: Lammps.ethanolPotential, "ethanol")
    }

    @Test func twoAndFourMPIRanksGiveTheNumbersOfOne() throws {
        let structure = Lammps.lammpsFrame(Self.supercell(try Self.tialCells()[1], 4))  // 128 atoms
        let one = try Lammps.snapshot(structure, potential: Lammps.tialPotential, species: Self.tialSpecies)
        try Self.expectAgreement(one, structure, potential: Lammps.tialPotential, "1 rank")
        for ranks in [2, 4] {
            let many = try Lammps.snapshot(structure, potential: Lammps.tialPotential, species: Self.tialSpecies, ranks: ranks)
            #expect(abs(many.energy - one.energy) <= 1e-10 * abs(one.energy), "\(ranks) ranks: energy")
            #expect(zip(many.forces, one.forces).allSatisfy { largest($0 - $1) <= 1e-10 }, "\(ranks) ranks: forces")
            #expect(zip(many.atomicEnergies, one.atomicEnergies).allSatisfy { abs($0 - $1) <= 1e-10 * abs($1) },
                    "\(ranks) ranks: per-atom energies")
            let scale = one.virial.map(abs).max()!
            #expect(zip(many.virial, one.virial).allSatisfy { abs($0 - $1) <= 1e-10 * scale }, "\(ranks) ranks: virial")
        }
    }

    /// ZBL's coefficients for types 1 = Al (Z 13) and 2 = Ti (Z 22).
    static func zbl(hybrid: Bool) -> String {
        [(1, 1, 13, 13), (1, 2, 13, 22), (2, 2, 22, 22)]
            .map { "pair_coeff \($0.0) \($0.1) \(hybrid ? "zbl " : "")\($0.2) \($0.3)\n" }.joined()
    }

    /// A 16-atom Ti–Al cell under `pair_style hybrid/overlay latte zbl` with `elements` for
    /// latte, and under ZBL alone.
    static func hybridAndZBL(elements: String) throws -> (structure: Structure, hybrid: Lammps.Snapshot, zbl: Lammps.Snapshot) {
        let folder = try LatteExportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = try Lammps.bundle(Lammps.tialPotential)
        let structure = Lammps.lammpsFrame(Self.supercell(try Self.tialCells()[1], 2))
        let setUp = try Lammps.setUp(structure, bundle: bundle, species: Self.tialSpecies, folder: folder)
        var snapshots: [Lammps.Snapshot] = []
        for pairLines in ["pair_style hybrid/overlay latte zbl 2.5 3.5\n"
                            + "pair_coeff * * latte \(bundle.path)/potential.json \(elements)\n" + zbl(hybrid: true),
                          "pair_style zbl 2.5 3.5\n" + zbl(hybrid: false)] {
            let (status, output) = try Lammps.run(setUp + pairLines + Lammps.snapshotCommands, in: folder)
            try #require(status == 0, "lmp failed:\n\(output)")
            snapshots.append(try Lammps.snapshot(output, folder: folder))
        }
        #expect(snapshots[1].energy != 0, "the cell must have atoms within ZBL's range")
        return (structure, snapshots[0], snapshots[1])
    }

    @Test func hybridOverlayWithZBLAddsTheTwoStyles() throws {
        let (structure, both, zblOnly) = try Self.hybridAndZBL(elements: "Al Ti")
        let latteOnly = try Lammps.snapshot(structure, potential: Lammps.tialPotential, species: Self.tialSpecies)
        #expect(abs(both.energy - latteOnly.energy - zblOnly.energy) <= 1e-10 * abs(both.energy))
        for i in both.forces.indices {
            #expect(largest(both.forces[i] - latteOnly.forces[i] - zblOnly.forces[i]) <= 1e-9)
        }
    }

    @Test func aNullTypeIsLeftToTheOtherSubStyle() throws {
        // Type 1 (Al) is NULL for latte and left to ZBL: latte sees only the Ti atoms, as if
        // the Al atoms were absent.
        let (structure, hybrid, zbl) = try Self.hybridAndZBL(elements: "NULL Ti")
        let titanium = Structure(species: structure.species.filter { $0 == "Ti" },
                                 positions: zip(structure.species, structure.positions).filter { $0.0 == "Ti" }.map(\.1),
                                 cell: structure.cell, pbc: structure.pbc)
        let model = LatteModel(try PotentialFile.read(contentsOf: Lammps.tialPotential))
        let latteTi = try model.evaluate([titanium], stress: false)[0].energy
        #expect(abs(hybrid.energy - (latteTi + zbl.energy)) <= 1e-10 * abs(hybrid.energy))
    }

    @Test(arguments: [Lammps.tialPotential, Lammps.ethanolPotential])
    func theBundlesExampleInputRunsAsItIs(potential: String) throws {
        let folder = try Lammps.bundle(potential).appendingPathComponent("lammps")
        let (status, stdout, stderr) = try ExternalProgram.run(Lammps.tool("lmp"), ["-in", "in.example", "-log", "none"],
                                                               environment: Lammps.path, in: folder)
        #expect(status == 0, "\(stdout)\(stderr)")
        #expect(stdout.contains("Loop time of") && stdout.contains("for 100 steps with 256 atoms"))
        let readme = try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("cmake -S . -B build -D LAMMPS_HEADERS="))
    }

    /// `pair_style` and `pair_coeff` lines that LAMMPS must refuse, with the line it prints.
    @Test(arguments: [
        ("latte", "* * {potential} Al Xe", "ERROR: pair_coeff latte: element Xe of atom type 2 is not a species of {potential} (it has Al Ti) (pair_latte.cpp:"),
        ("latte", "* * /no/such/potential.json Al Ti", "ERROR: pair_coeff latte: /no/such/potential.json: no such file (pair_latte.cpp:"),
        ("latte", "* * {potential} Al", "ERROR: pair_coeff latte: expected * * POTENTIAL.json and 2 element symbols (one per atom type, or NULL), got 4 arguments (pair_latte.cpp:"),
        ("latte", "1 1 {potential} Al Ti", "ERROR: Pair_coeff must start with * * for pair style latte"),
        ("latte fast", "* * {potential} Al Ti", "ERROR: pair_style latte: unexpected argument 'fast' (expected nothing, threads N or deviation yes|no) (pair_latte.cpp:"),
        ("latte deviation maybe", "* * {potential} Al Ti", "ERROR: Expected boolean parameter instead of 'maybe'"),
        ("latte threads 0", "* * {potential} Al Ti", "ERROR: pair_style latte: threads must be at least 1, not 0 (pair_latte.cpp:"),
    ])
    func badLinesStopLAMMPSWithOneLine(style: String, coefficients: String, expected: String) throws {
        try Self.expectOneErrorLine(style: style, coefficients: coefficients, expected: expected)
    }

    /// Runs `pair_style STYLE` and `pair_coeff COEFFICIENTS` ({potential}: the Ti–Al bundle's
    /// potential.json) on a Ti–Al cell and expects LAMMPS to stop with one line starting `expected`.
    static func expectOneErrorLine(style: String, coefficients: String, expected: String) throws {
        let folder = try LatteExportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = try Lammps.bundle(Lammps.tialPotential)
        let potential = bundle.appendingPathComponent("potential.json").path
        let setUp = try Lammps.setUp(try Self.tialCells()[0], bundle: bundle, species: Self.tialSpecies, folder: folder)
        let line = coefficients.replacingOccurrences(of: "{potential}", with: potential)
        let (status, output) = try Lammps.run(setUp + "pair_style \(style)\npair_coeff \(line)\nrun 0\n", in: folder)
        #expect(status != 0)
        let errors = output.split(separator: "\n").filter { $0.hasPrefix("ERROR") }
        #expect(errors.count == 1, "\(output)")
        #expect(errors.first.map { $0.hasPrefix(expected.replacingOccurrences(of: "{potential}", with: potential)) } == true,
                "\(errors)")
        #expect(!output.contains("Segmentation") && !output.contains("signal"))
    }
}

/// Committees under `pair_style latte`: the mean drives, `fix pair` dumps σ_F,i, the same on 1
/// and 2 ranks and equal to `CommitteeModel`; a committee of one is the plain potential.
extension LammpsPairStyleTests {
    @Test func aCommitteesMeanAndForceDeviationsAgreeWithTheModelOnOneAndTwoRanks() throws {
        let potential = try CommitteeFixture.three
        let structure = Lammps.lammpsFrame(Self.supercell(try Self.tialCells()[1], 4))  // 128 atoms
        let expected = try CommitteeModel(try PotentialFile.readCommittee(contentsOf: potential)).evaluate([structure])[0]
        #expect(expected.maxForceDeviation > 1e-3, "the members must disagree")
        let one = try Lammps.snapshot(structure, potential: potential, species: Self.tialSpecies, deviation: true)
        try Self.expectAgreement(one, structure, potential: potential, "committee, 1 rank")
        let deviations = try #require(one.forceDeviations)
        #expect(deviations.count == structure.atomCount)
        for (i, sigma) in deviations.enumerated() {
            #expect(abs(sigma - expected.forceDeviations[i]) <= 1e-10, "σ_F,\(i): \(sigma) vs \(expected.forceDeviations[i])")
        }
        let maximum = try #require(one.maxForceDeviation)
        #expect(abs(maximum - expected.maxForceDeviation) <= 1e-10, "thermo's c_maxdev")
        let two = try Lammps.snapshot(structure, potential: potential, species: Self.tialSpecies, ranks: 2, deviation: true)
        try Self.expectAgreement(two, structure, potential: potential, "committee, 2 ranks")
        let split = try #require(two.forceDeviations)
        #expect(split.count == deviations.count)
        #expect(zip(split, deviations).allSatisfy { abs($0 - $1) <= 1e-12 }, "σ_F,i on 2 ranks vs 1")
        #expect(abs(try #require(two.maxForceDeviation) - maximum) <= 1e-12)
        let unasked = try Lammps.snapshot(structure, potential: potential, species: Self.tialSpecies)
        #expect(unasked.forces == one.forces && unasked.energy == one.energy, "asking for σ_F,i does not change the dynamics")
    }

    @Test func theDeviationIsComputedOnlyWhenFixPairTriggersItOrDeviationYesAsks() throws {
        let potential = try CommitteeFixture.three
        let structure = Lammps.lammpsFrame(Self.supercell(try Self.tialCells()[1], 2))
        let triggered = try Lammps.snapshot(structure, potential: potential, species: Self.tialSpecies, deviation: true)
        #expect(try #require(triggered.maxForceDeviation) > 1e-3)
        let untriggered = try Lammps.snapshot(structure, potential: potential, species: Self.tialSpecies, deviation: true,
                                              trigger: false)
        #expect(untriggered.forceDeviations == Array(repeating: 0, count: structure.atomCount), "not asked: zeros")
        let always = try Lammps.snapshot(structure, potential: potential, species: Self.tialSpecies,
                                         style: "latte deviation yes", deviation: true, trigger: false)
        #expect(always.forceDeviations == triggered.forceDeviations && always.maxForceDeviation == triggered.maxForceDeviation)
        #expect(always.forces == untriggered.forces && always.energy == untriggered.energy)
    }

    @Test func aCommitteeOfOneRunsExactlyAsThePlainPotential() throws {
        let structure = Lammps.lammpsFrame(Self.supercell(try Self.tialCells()[1], 2))
        let plain = try Lammps.snapshot(structure, potential: CommitteeFixture.base, species: Self.tialSpecies, deviation: true)
        let one = try Lammps.snapshot(structure, potential: try CommitteeFixture.one, species: Self.tialSpecies, deviation: true)
        #expect(one == plain, "a committee file of one member must give the plain file's numbers, bit for bit")
        #expect(plain.forceDeviations == Array(repeating: 0, count: structure.atomCount) && plain.maxForceDeviation == 0)
        let alone = try Lammps.snapshot(structure, potential: CommitteeFixture.base, species: Self.tialSpecies)
        #expect(alone.forces == plain.forces && alone.energy == plain.energy && alone.virial == plain.virial)
    }

    @Test func aCommitteeBundlesExamplePrintsTheLargestForceDeviation() throws {
        let folder = try Lammps.bundle(try CommitteeFixture.three).appendingPathComponent("lammps")
        let (status, stdout, stderr) = try ExternalProgram.run(Lammps.tool("lmp"), ["-in", "in.example", "-log", "none"],
                                                               environment: Lammps.path, in: folder)
        #expect(status == 0, "\(stdout)\(stderr)")
        let lines = stdout.split(separator: "\n").map { $0.split(separator: " ") }
        let header = try #require(lines.firstIndex { $0.first == "Step" && $0.last == "c_maxdev" }, "\(stdout)")
        let last = try #require(lines[(header + 1)...].first { $0.first == "100" }, "\(stdout)")
        #expect(Double(String(last.last!))! > 0, "the members disagree at step 100")
    }

    @Test func aCommitteeWithMismatchedSpeciesStopsLAMMPSWithOneLine() throws {
        let path = try CommitteeFixture.mismatched
        try Self.expectOneErrorLine(style: "latte", coefficients: "* * \(path) Al Ti", expected:
            "ERROR: pair_coeff latte: \(path): committee[1].species: expected the species of the first member, [Al, Ti], found [Ti, Al] (pair_latte.cpp:")
    }
}

/// max(|v_x|, |v_y|, |v_z|).
func largest(_ v: SIMD3<Double>) -> Double { max(abs(v.x), abs(v.y), abs(v.z)) }
