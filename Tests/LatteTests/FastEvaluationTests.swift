import Atomistic
import Autodiff
import Foundation
import Latte
import Linalg
import Testing

/// The tape-free evaluator (`EnergyForceEvaluator`, behind `LatteModel.evaluate`) against the
/// tape (`LatteModel.predict`): energies, atomic energies, forces, virials and descriptors
/// agree to 10⁻¹² relative on every golden fixture and on random potentials of every term,
/// activation and species-weight mode; the thread count changes nothing.
struct FastEvaluationTests {
    /// |a − b| ≤ 10⁻¹² · max(scale, |b|) element-wise, with scale the largest |b|.
    static func expectClose(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-12) {
        #expect(a.count == b.count, "\(what): counts")
        let scale = b.map(abs).max() ?? 0
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= tolerance * max(scale, 1e-300), "\(what): |Δ| \(worst) against scale \(scale)")
    }

    /// Fast and tape results of `parameters` on `structures`, compared.
    static func compare(_ parameters: PotentialParameters, _ structures: [Structure], _ name: String) throws {
        let batch = try BatchGeometry(structures: structures, species: parameters.species, cutoff: parameters.cutoff)
        let fast = EnergyForceEvaluator(parameters).evaluate(batch, virials: true, descriptors: true)
        let tape = Tape()
        let prediction = LatteModel(parameters).predict(batch, variables: ParameterVariables(parameters, on: tape),
                                                        on: tape, forces: true, virials: true)
        expectClose(fast.energies, prediction.energies.value.storage, "\(name) energies")
        expectClose(fast.atomicEnergies, prediction.atomicEnergies.value.storage, "\(name) atomic energies")
        expectClose(fast.forces, prediction.forces!.value.storage, "\(name) forces")
        expectClose(fast.virials!, prediction.virials!.value.storage, "\(name) virials")
        expectClose(fast.descriptors!, prediction.descriptors.value.storage, "\(name) descriptors")
    }

    @Test(arguments: GoldenModelTests.entries.map { "\($0.potential) × \($0.structures)" })
    func matchesTheTapeOnGoldenFixtures(_ name: String) throws {
        let entry = try #require(GoldenModelTests.entries.first { "\($0.potential) × \($0.structures)" == name })
        let folder = GoldenFixtureTests.folder
        let parameters = try PotentialFile.read(contentsOf: folder.appendingPathComponent(entry.potential).path)
        let structures = try ExtXYZ.read(path: folder.appendingPathComponent(entry.structures).path)
        try Self.compare(parameters, structures, name)
    }

    static let randomCases: [(Activation, SpeciesWeightMode)] =
        Activation.allCases.map { ($0, .specific) } + [(.gaussian, .common), (.tanh, .common)]

    @Test(arguments: randomCases.indices)
    func matchesTheTapeOnRandomPotentials(_ k: Int) throws {
        let (activation, mode) = Self.randomCases[k]
        let species = ["H", "C", "O", "Ti", "Al"]
        let parameters = try ModelTestSupport.potential(species: species, activation: activation, mode: mode)
        try Self.compare(parameters, [ModelTestSupport.ethanol, ModelTestSupport.triclinicTiAl],
                         "\(activation) \(mode)")
    }

    /// Atoms without neighbours: an isolated atom, and a molecule with one atom out of reach.
    @Test func atomsWithoutNeighbours() throws {
        let parameters = try ModelTestSupport.potential(species: ["H", "C", "O"])
        let lone = Structure(species: ["O"], positions: [SIMD3(0.3, -0.2, 1.0)])
        var apart = ModelTestSupport.ethanol
        apart.species.append("H")
        apart.positions.append(SIMD3(30, 30, 30))
        try Self.compare(parameters, [lone], "one atom")
        try Self.compare(parameters, [apart, lone], "ethanol and a distant H")
        let model = LatteModel(parameters)
        let result = try model.evaluate([lone], stress: false, threads: 2)[0]
        #expect(result.forces == [SIMD3<Double>()])
    }

    /// Shapes with ranks 4 and 5 (generic kernel paths), a linear model, no hidden layer.
    @Test(arguments: ["3,ijkl,ijkl:2,ijklm,ijklm:2,i,j,k,ijk", "2,-"])
    func matchesTheTapeOnUnusualShapes(_ shape: String) throws {
        let species = ["Ti", "Al"]
        for hidden in [[], [5]] {
            let parameters = try ModelTestSupport.potential(species: species, shape: shape, hidden: hidden)
            try Self.compare(parameters, [ModelTestSupport.triclinicTiAl], "\(shape) \(hidden)")
        }
    }

    /// Several chunks of atoms, two species, unsorted pairs; one and three threads agree exactly.
    @Test func threadCountChangesNothing() throws {
        var positions: [SIMD3<Double>] = [], symbols: [String] = []
        var random = SeededGenerator(seed: 3)
        for i in 0..<5 { for j in 0..<5 { for k in 0..<4 {
            let corner = 2.9 * SIMD3(Double(i), Double(j), Double(k))
            for basis in [SIMD3<Double>(0, 0, 0), SIMD3(1.45, 1.45, 1.45)] {
                positions.append(corner + basis + SIMD3(random.nextUniform(), random.nextUniform(), random.nextUniform()) * 0.2)
                symbols.append(symbols.count % 3 == 0 ? "Al" : "Ti")
            }
        } } }
        let cell = Structure(species: symbols, positions: positions, cell: .orthorhombic(14.5, 14.5, 11.6))
        let parameters = try ModelTestSupport.potential(species: ["Ti", "Al"], shape: "4,-:3,i,i:3,ij,ij:3,ijk,ijk:2,i,j,ij")
        try Self.compare(parameters, [cell, ModelTestSupport.triclinicTiAl], "200 atoms")

        let batch = try BatchGeometry(structures: [cell], species: parameters.species, cutoff: parameters.cutoff)
        let reversed = BatchGeometry(structureCount: 1, speciesCount: 2, atomSpecies: batch.atomSpecies,
                                     atomStructure: batch.atomStructure, pairCentres: batch.pairCentres.reversed(),
                                     pairNeighbours: batch.pairNeighbours.reversed(),
                                     vectors: Matrix(rows: batch.pairCount, cols: 3, storage:
                                        (0..<batch.pairCount).reversed().flatMap { batch.vectors.storage[(3 * $0)..<(3 * $0 + 3)] }))
        let evaluator = EnergyForceEvaluator(parameters)
        let one = evaluator.evaluate(batch, virials: true, threads: 1)
        let three = evaluator.evaluate(batch, virials: true, threads: 3)
        #expect(one.energies == three.energies && one.forces == three.forces && one.virials == three.virials)
        let unsorted = evaluator.evaluate(reversed, virials: true, threads: 2)
        Self.expectClose(unsorted.forces, one.forces, "reversed pairs")
        Self.expectClose(unsorted.energies, one.energies, "reversed pairs")

        // One structure with its neighbours found chunk by chunk: the same pairs in the same
        // order, so the same energies and forces to the bit; the virial summed per chunk.
        for threads in [1, 2, 3] {
            let chunked = evaluator.evaluate(cell, species: batch.atomSpecies, virials: true, threads: threads)
            #expect(chunked.energies == one.energies && chunked.forces == one.forces
                    && chunked.atomicEnergies == one.atomicEnergies, "chunked, \(threads) threads")
            Self.expectClose(chunked.virials!, one.virials!, "chunked virial")
        }
        let model = LatteModel(parameters)
        let viaModel = try model.evaluate([cell], stress: true, threads: 2)[0]
        #expect(viaModel.energy == one.energies[0])
        #expect(viaModel.forces.flatMap { [$0.x, $0.y, $0.z] } == one.forces)
    }
}
