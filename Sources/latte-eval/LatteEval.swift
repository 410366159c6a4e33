import ArgumentParser
import CommandSupport
import Atomistic
import Foundation
import Latte
import Linalg

/// `latte-eval --model potential.json --data FILE.xyz [--predictions OUT.xyz] [--json]`
/// (FORMATS.md section 4): errors of a potential on a labelled set, and its predictions.
@main
struct LatteEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-eval",
        abstract: "Evaluate a LATTE potential on extended XYZ structures.")

    @Option(help: "The potential (potential.json).") var model: String
    @Option(help: "Structures to evaluate (extended XYZ).") var data: String
    @Option(help: "Write every frame with predicted energy and forces (reference values kept as ref_energy, ref_forces).")
    var predictions: String?
    @Option(help: "Comment-line key of the reference energy.") var energyKey = "energy"
    @Option(help: "Per-atom column of the reference forces.") var forcesKey = "forces"
    @Option(help: "Structures evaluated together.") var batchSize = 32
    @Flag(help: "Print the metrics as one JSON object.") var json = false

    static func main() { mainWithOneLineErrors(tool: "latte-eval") }

    func run() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        let parameters = try PotentialFile.read(contentsOf: model)
        let structures = try ExtXYZ.read(path: data, options: .init(energyKey: energyKey, forcesKey: forcesKey))
        let latte = LatteModel(parameters)
        var results: [PotentialPrediction] = []
        for start in stride(from: 0, to: structures.count, by: batchSize) {
            let chunk = Array(structures[start..<min(start + batchSize, structures.count)])
            do {
                results += try latte.evaluate(chunk, stress: chunk.contains { $0.isPeriodic })
            } catch let error as UnknownSpeciesError {
                throw InputError(file: data, frame: start + error.structure + 1,
                                 message: "species '\(error.symbol)' is not in \(model) (it knows \(error.known.joined(separator: ", ")))")
            }
        }
        var metrics = ErrorMetrics()
        for (prediction, structure) in zip(results, structures) { metrics.add(prediction: prediction, reference: structure) }
        if let predictions { try writePredictions(results, structures, to: predictions) }
        report(metrics, structures: structures)
    }

    func writePredictions(_ results: [PotentialPrediction], _ structures: [Structure], to path: String) throws {
        var frames: [Structure] = [], columns: [[ExtXYZ.Column]] = []
        for (prediction, reference) in zip(results, structures) {
            var frame = reference
            frame.energy = prediction.energy
            frame.forces = prediction.forces
            frame.stress = prediction.stress
            frame.virial = nil
            if let energy = reference.energy { frame.info["ref_energy"] = "\(energy)" }
            frames.append(frame)
            columns.append(reference.forces.map { [ExtXYZ.Column(name: "ref_forces", vectors: $0)] } ?? [])
        }
        try ExtXYZ.write(frames, to: path, extraColumns: columns)
    }

    func report(_ metrics: ErrorMetrics, structures: [Structure]) {
        let atoms = structures.reduce(0) { $0 + $1.atomCount }
        if json {
            let fields: [(String, String)] = [
                ("n_structures", "\(structures.count)"), ("n_atoms", "\(atoms)"),
                ("energy_mae", number(metrics.energyMAE)), ("energy_rmse", number(metrics.energyRMSE)),
                ("force_mae", number(metrics.forceMAE)), ("force_rmse", number(metrics.forceRMSE)),
            ]
            print("{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            return
        }
        print("\(structures.count) structures, \(atoms) atoms (\(metrics.structureCount) with energies)")
        print(String(format: "energy  MAE %9.3f meV/atom   RMSE %9.3f meV/atom", 1e3 * metrics.energyMAE, 1e3 * metrics.energyRMSE))
        print(String(format: "forces  MAE %9.3f meV/Å      RMSE %9.3f meV/Å", 1e3 * metrics.forceMAE, 1e3 * metrics.forceRMSE))
    }

    /// A JSON number, or null where there was nothing to measure.
    func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "null" }
}
