import ArgumentParser
import Atomistic
import Autodiff
import Foundation
import Latte
import Linalg

/// Energy + forces on a bcc tungsten cell, and a training-style step (energy + force loss and
/// its gradient with respect to every parameter) on a batch of ethanol structures.
struct ModelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "µs per atom for energy+forces (bcc W), ms per force-loss gradient (ethanol batch).")

    @Option(help: "Descriptor shape.") var shape = "16,-:16,i,i:16,ij,ij:16,ijk,ijk:8,i,j,ij"
    @Option(help: "bcc cells along each axis (2·n³ atoms).") var cells = 10
    @Option(help: "Structures in the ethanol batch.") var batch = 8
    @Option(help: "Path of the ethanol training set.") var ethanol = "datasets/ethanol/train.xyz"
    @Option(help: "Timed repeats; the median is reported.") var repeats = 5
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        let tungsten = Self.bccTungsten(cells: cells, latticeConstant: 3.165)
        let w = LatteModel(try Self.potential(species: ["W"], shape: shape))
        let ef = Timing.median(repeats: repeats) { _ = try! w.evaluate([tungsten]) }

        let frames = Array(try ExtXYZ.read(path: ethanol).prefix(batch))
        let molecule = LatteModel(try Self.potential(species: ["H", "C", "O"], shape: shape))
        let geometry = try BatchGeometry(structures: frames, species: molecule.parameters.species,
                                         cutoff: molecule.parameters.cutoff)
        let step = Timing.median(repeats: repeats) { _ = Self.forceLossGradient(molecule, geometry, frames) }

        let results: [String: Any] = [
            "shape": shape, "w_atoms": tungsten.atomCount, "ef_us_per_atom_1t": ef * 1e6 / Double(tungsten.atomCount),
            "ethanol_batch": frames.count, "force_loss_gradient_ms": step * 1e3,
        ]
        if json { return try printJSON(results) }
        print("energy+forces, bcc W \(tungsten.atomCount) atoms, cutoff 5 Å, \(shape), 64-64 networks:",
              fmt(ef * 1e6 / Double(tungsten.atomCount), 0), "µs/atom (neighbour list included)")
        print("energy+force loss and all parameter gradients, \(frames.count) ethanol structures:",
              fmt(step * 1e3, 0), "ms")
    }

    /// A 2·n³-atom bcc cell with lattice constant a.
    static func bccTungsten(cells n: Int, latticeConstant a: Double) -> Structure {
        var positions: [SIMD3<Double>] = []
        for i in 0..<n { for j in 0..<n { for k in 0..<n {
            let corner = a * SIMD3(Double(i), Double(j), Double(k))
            positions += [corner, corner + SIMD3(repeating: a / 2)]
        } } }
        let edge = a * Double(n)
        return Structure(species: Array(repeating: "W", count: positions.count), positions: positions,
                         cell: .orthorhombic(edge, edge, edge))
    }

    static func potential(species: [String], shape: String) throws -> PotentialParameters {
        try PotentialParameters.initial(for: PotentialSpecification(
            species: species, cutoff: 5.0, shape: try DescriptorShape(shape), hiddenLayers: [64, 64],
            widths: .learned(minimum: 0.5, maximum: 2.0)), seed: 1)
    }

    /// Σ_s (ΔE_s/N_s)² + mean ΔF², differentiated with respect to every parameter.
    static func forceLossGradient(_ model: LatteModel, _ batch: BatchGeometry, _ frames: [Structure]) -> [Matrix] {
        let tape = Tape()
        let variables = ParameterVariables(model.parameters, on: tape)
        let prediction = model.predict(batch, variables: variables, on: tape, createGraph: true)
        let energies = tape.constant(Matrix(rows: frames.count, cols: 1, storage: frames.map { $0.energy ?? 0 }))
        let counts = tape.constant(Matrix(rows: frames.count, cols: 1, storage: frames.map { Double($0.atomCount) }))
        let forces = tape.constant(Matrix(rows: batch.atomCount, cols: 3,
                                          storage: frames.flatMap { ($0.forces ?? []).flatMap { [$0.x, $0.y, $0.z] } }))
        let loss = ((prediction.energies - energies) / counts).squared().sum() + (prediction.forces! - forces).squared().mean()
        return tape.gradients(of: loss, wrt: variables.all).map(\.value)
    }
}
