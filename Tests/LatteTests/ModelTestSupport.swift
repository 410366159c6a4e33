import Atomistic
import Autodiff
import Latte
import Linalg

/// Small structures and random potentials shared by the model tests.
enum ModelTestSupport {
    static let allTermsShape = "4,-:3,i,i:3,ij,ij:3,ijk,ijk:2,i,j,ij:2,ij,jk,ki:2,i,i,j,j"

    /// rMD17 ethanol, first training frame (datasets/ethanol/train.xyz), as a molecule.
    static let ethanol = Structure(
        species: ["C", "C", "O", "H", "H", "H", "H", "H", "H"],
        positions: [
            SIMD3(0.40162460, 0.38569419, 0.07944170), SIMD3(-0.83259828, 0.63111076, -0.91769057),
            SIMD3(0.42898823, -0.92815605, 0.69153642), SIMD3(1.38869085, 0.59405355, -0.20570216),
            SIMD3(0.17108235, 1.11935194, 0.98236677), SIMD3(-0.52877617, 0.17079218, -1.93423021),
            SIMD3(-1.61821698, -0.01452388, -0.50901661), SIMD3(-0.95146534, 1.69934720, -0.88271390),
            SIMD3(-0.13627129, -0.95389655, 1.56093158),
        ])

    /// A sheared three-atom Ti–Al cell smaller than the cutoff: many images of each atom.
    static let triclinicTiAl = Structure(
        species: ["Ti", "Al", "Al"],
        positions: [SIMD3(0.1, 0.2, 0.05), SIMD3(1.6, 1.1, 1.4), SIMD3(2.3, 2.6, 0.9)],
        cell: Cell(a: SIMD3(2.9, 0.0, 0.0), b: SIMD3(0.8, 2.7, 0.0), c: SIMD3(0.5, -0.6, 3.1)))

    /// A random potential (METHOD.md section 5 initialisation) with non-zero biases and offsets,
    /// so that every kind of parameter matters.
    static func potential(species: [String], shape: String = allTermsShape, cutoff: Double = 4.0,
                          hidden: [Int] = [8, 6], activation: Activation = .gaussian,
                          mode: SpeciesWeightMode = .specific, seed: UInt64 = 5) throws -> PotentialParameters {
        let specification = PotentialSpecification(
            species: species, cutoff: cutoff, shape: try DescriptorShape(shape), hiddenLayers: hidden,
            activation: activation, speciesWeightMode: mode, widths: .learned(minimum: 0.8, maximum: 1.9))
        var parameters = try PotentialParameters.initial(for: specification, seed: seed)
        var random = SeededGenerator(seed: seed &+ 99)
        for s in parameters.networks.indices {
            parameters.networks[s].offset = random.nextNormal()
            for l in parameters.networks[s].layers.indices {
                parameters.networks[s].layers[l].bias = parameters.networks[s].layers[l].bias.map { _ in
                    random.nextNormal(standardDeviation: 0.3)
                }
            }
        }
        return parameters
    }

    /// Total energy of one structure.
    static func energy(_ model: LatteModel, _ structure: Structure) throws -> Double {
        try model.evaluate([structure])[0].energy
    }

    /// The structure with positions (and cell) mapped by x ↦ x·M (row vectors).
    static func deformed(_ structure: Structure, by m: [[Double]]) -> Structure {
        func apply(_ x: SIMD3<Double>) -> SIMD3<Double> {
            SIMD3((0..<3).map { b in (0..<3).reduce(0) { $0 + x[$1] * m[$1][b] } })
        }
        var result = structure
        result.positions = structure.positions.map(apply)
        if let cell = structure.cell { result.cell = Cell(a: apply(cell.a), b: apply(cell.b), c: apply(cell.c)) }
        return result
    }
}
