import ArgumentParser
import CommandSupport
import Atomistic
import Foundation
import JSON
import Latte
import Linalg
import PannaData
import Plots
import Training

/// `latte-eval --model potential.json --data FILE.xyz [--predictions OUT.xyz] [--parity OUT.svg] [--json]`
/// (FORMATS.md section 4): errors of a potential on a labelled set, overall, per species and
/// per `config_type`, its predictions, and a parity plot.
@main
struct LatteEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-eval",
        abstract: "Evaluate a LATTE potential on extended XYZ structures.")

    @Option(help: "The potential: a potential.json, a run's checkpoint.json, or a run folder.") var model: String
    @Option(help: "Structures to evaluate: an extended XYZ file, or a folder of PANNA example JSON files (read in name order).") var data: String
    @Option(help: "Write every frame with predicted energy and forces, and stress and virial of periodic frames (reference values kept as ref_energy, ref_forces, ref_stress, ref_virial).")
    var predictions: String?
    @Option(help: "Write a parity plot (SVG) of energies per atom and force components.") var parity: String?
    @Option(help: "Comment-line key of the reference energy.") var energyKey = "energy"
    @Option(help: "Per-atom column of the reference forces.") var forcesKey = "forces"
    @Option(help: "Structures evaluated together.") var batchSize = 32
    @Flag(help: "Print the metrics as one JSON object.") var json = false

    static func main() { mainWithOneLineErrors(tool: "latte-eval") }

    func run() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        let parameters = try TrainedPotential.load(model)
        let structures = try StructureFiles.read(path: data, options: .init(energyKey: energyKey, forcesKey: forcesKey))
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
        try NonFinitePredictions.check(results, data: data, model: model)
        var report = EvaluationReport()
        for (prediction, structure) in zip(results, structures) { report.add(prediction: prediction, reference: structure) }
        if let predictions { try writePredictions(results, structures, to: predictions) }
        if let parity {
            guard !report.energyPairs.isEmpty || !report.forcePairs.isEmpty else {
                throw ValidationError("--parity: \(data) has no reference energies or forces to plot against")
            }
            let title = URL(fileURLWithPath: data).lastPathComponent
            try AtomicFile.write(ParityPlot.svg(energies: report.energyPairs, forces: report.forcePairs, title: title), to: parity)
        }
        print(json ? JSONWriter.text(of: Self.document(report, structures: structures)) : Self.text(report, structures: structures),
              terminator: "")
    }

    func writePredictions(_ results: [PotentialPrediction], _ structures: [Structure], to path: String) throws {
        var frames: [Structure] = [], columns: [[ExtXYZ.Column]] = []
        for (prediction, reference) in zip(results, structures) {
            var frame = reference
            frame.energy = prediction.energy
            frame.forces = prediction.forces
            frame.stress = prediction.stress
            frame.virial = prediction.stress == nil ? nil : prediction.virial
            if let energy = reference.energy { frame.info["ref_energy"] = "\(energy)" }
            if let stress = reference.stress { frame.info["ref_stress"] = try ExtXYZ.tensorText(stress) }
            if let virial = reference.virial { frame.info["ref_virial"] = try ExtXYZ.tensorText(virial) }
            frames.append(frame)
            columns.append(reference.forces.map { [ExtXYZ.Column(name: "ref_forces", vectors: $0)] } ?? [])
        }
        try ExtXYZ.write(frames, to: path, extraColumns: columns)
    }
}
