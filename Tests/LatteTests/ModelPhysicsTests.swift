import Atomistic
import Foundation
import Latte
import Linalg
import Testing

/// Forces are the exact negative gradient; the energy has the symmetries of physics; stress is
/// the strain derivative (METHOD.md section 6).
struct ModelPhysicsTests {
    static let cases: [(String, Structure, [String])] = [
        ("ethanol", ModelTestSupport.ethanol, ["H", "C", "O"]),
        ("triclinic Ti–Al", ModelTestSupport.triclinicTiAl, ["Ti", "Al"]),
    ]

    @Test(arguments: [0, 1])
    func forcesAreMinusTheEnergyGradient(_ k: Int) throws {
        let (_, structure, species) = Self.cases[k]
        let model = LatteModel(try ModelTestSupport.potential(species: species))
        let forces = try model.evaluate([structure])[0].forces
        let h = 1e-5
        for atom in 0..<structure.atomCount {
            for axis in 0..<3 {
                var plus = structure, minus = structure
                plus.positions[atom][axis] += h
                minus.positions[atom][axis] -= h
                let numeric = -(try ModelTestSupport.energy(model, plus) - ModelTestSupport.energy(model, minus)) / (2 * h)
                #expect(abs(forces[atom][axis] - numeric) < 1e-7, "atom \(atom) axis \(axis)")
            }
        }
        let total = forces.reduce(SIMD3<Double>(), +)
        #expect(abs(total.x) + abs(total.y) + abs(total.z) < 1e-10)
    }

    @Test(arguments: [0, 1])
    func energyIsInvariantUnderRotationAndTranslationAndForcesRotate(_ k: Int) throws {
        let (_, structure, species) = Self.cases[k]
        let model = LatteModel(try ModelTestSupport.potential(species: species))
        let reference = try model.evaluate([structure])[0]
        // A rotation by 0.7 rad about the axis (1, 2, 2)/3, as a matrix acting on row vectors.
        let (x, y, z, angle) = (1.0 / 3, 2.0 / 3, 2.0 / 3, 0.7)
        let (c, s) = (cos(angle), sin(angle))
        let rotation = [[c + x * x * (1 - c), x * y * (1 - c) + z * s, x * z * (1 - c) - y * s],
                        [y * x * (1 - c) - z * s, c + y * y * (1 - c), y * z * (1 - c) + x * s],
                        [z * x * (1 - c) + y * s, z * y * (1 - c) - x * s, c + z * z * (1 - c)]]
        var moved = ModelTestSupport.deformed(structure, by: rotation)
        moved.positions = moved.positions.map { $0 + SIMD3(3.3, -1.2, 0.4) }
        let result = try model.evaluate([moved])[0]
        #expect(abs(result.energy - reference.energy) < 1e-10 * max(1, abs(reference.energy)))
        for (f, f0) in zip(result.forces, ModelTestSupport.deformed(
            Structure(species: structure.species, positions: reference.forces), by: rotation).positions) {
            #expect(abs(f.x - f0.x) + abs(f.y - f0.y) + abs(f.z - f0.z) < 1e-10)
        }
    }

    @Test func energyIsInvariantUnderPermutationOfLikeAtoms() throws {
        let structure = ModelTestSupport.ethanol
        let model = LatteModel(try ModelTestSupport.potential(species: ["H", "C", "O"]))
        let reference = try model.evaluate([structure])[0]
        let order = [1, 0, 2, 8, 4, 6, 5, 7, 3]  // swaps the carbons and shuffles the hydrogens
        let permuted = Structure(species: order.map { structure.species[$0] }, positions: order.map { structure.positions[$0] })
        let result = try model.evaluate([permuted])[0]
        #expect(abs(result.energy - reference.energy) < 1e-11 * max(1, abs(reference.energy)))
        for (k, atom) in order.enumerated() {
            let d = result.forces[k] - reference.forces[atom]
            #expect(abs(d.x) + abs(d.y) + abs(d.z) < 1e-11)
        }
    }

    @Test func supercellEnergyIsReplicasTimesCellEnergy() throws {
        let cell = ModelTestSupport.triclinicTiAl
        let lattice = try #require(cell.cell)
        let model = LatteModel(try ModelTestSupport.potential(species: ["Ti", "Al"]))
        var positions: [SIMD3<Double>] = [], species: [String] = []
        for i in 0..<2 {
            for k in 0..<3 {
                let shift = Double(i) * lattice.a + Double(k) * lattice.c
                positions += cell.positions.map { $0 + shift }
                species += cell.species
            }
        }
        let supercell = Structure(species: species, positions: positions,
                                  cell: Cell(a: 2 * lattice.a, b: lattice.b, c: 3 * lattice.c))
        let single = try ModelTestSupport.energy(model, cell)
        let replicated = try ModelTestSupport.energy(model, supercell)
        #expect(abs(replicated - 6 * single) < 1e-9 * abs(6 * single))
    }

    @Test func stressIsTheStrainDerivativeOfTheEnergy() throws {
        let structure = ModelTestSupport.triclinicTiAl
        let model = LatteModel(try ModelTestSupport.potential(species: ["Ti", "Al"]))
        let stress = try #require(try model.evaluate([structure], stress: true)[0].stress)
        let volume = structure.cell!.volume
        let h = 1e-6
        for a in 0..<3 {
            for b in 0..<3 {
                var plus = [[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]], minus = plus
                plus[a][b] += h
                minus[a][b] -= h
                let derivative = (try ModelTestSupport.energy(model, ModelTestSupport.deformed(structure, by: plus))
                    - ModelTestSupport.energy(model, ModelTestSupport.deformed(structure, by: minus))) / (2 * h)
                #expect(abs(stress[3 * a + b] - derivative / volume) < 1e-8, "σ[\(a)][\(b)]")
            }
        }
    }
}
