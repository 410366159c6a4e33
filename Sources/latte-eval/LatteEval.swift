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
import SystemSupport

/// `latte-eval --model potential.json --data FILE.xyz [--predictions OUT.xyz] [--deviations OUT.csv]
/// [--parity OUT.svg] [--json]` (FORMATS.md section 4): errors of a potential on a labelled set,
/// overall, per species and per `config_type`, its predictions, and a parity plot. A committee
/// (docs/COMMITTEE.md) is judged by its mean, and its spread is reported per structure and
/// summarised, with how well it ranks the true errors.
@main
struct LatteEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-eval",
        abstract: "Evaluate a LATTE potential on extended XYZ structures.")

    @Option(help: "The potential: a potential.json (or a committee file), a run's checkpoint.json, or a run folder.") var model: String
    @Option(help: "Structures to evaluate: an extended XYZ file, or a folder of PANNA example JSON files (read in name order).") var data: String
    @Option(help: "Write every frame with predicted energy and forces, and stress and virial of periodic frames (reference values kept as ref_energy, ref_forces, ref_stress, ref_virial).")
    var predictions: String?
    @Option(help: "Write per structure the committee's mean energy, its deviation and the force deviations (CSV, eV and eV/Å).")
    var deviations: String?
    @Option(help: "Write a parity plot (SVG) of energies per atom and force components.") var parity: String?
    @Option(help: "Comment-line key of the reference energy.") var energyKey = "energy"
    @Option(help: "Per-atom column of the reference forces.") var forcesKey = "forces"
    @Option(help: "Structures evaluated together.") var batchSize = 32
    @Flag(help: "Print the metrics as one JSON object.") var json = false

    static func main() { mainWithOneLineErrors(tool: "latte-eval") }

    func run() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
        let committee = try TrainedPotential.loadCommittee(model)
        let structures = try StructureFiles.read(path: data, options: .init(energyKey: energyKey, forcesKey: forcesKey))
        let evaluator = CommitteeModel(committee)
        let committeePredictions = try evaluator.evaluate(structures, readFrom: data, potentialFile: model, batchSize: batchSize)
        let results = committeePredictions.map(\.mean)
        try NonFinitePredictions.check(results, data: data, model: model)
        var spread = DeviationReport()
        for (prediction, structure) in zip(committeePredictions, structures) { spread.add(prediction, reference: structure) }
        var report = EvaluationReport()
        for (prediction, structure) in zip(results, structures) { report.add(prediction: prediction, reference: structure) }
        let isCommittee = committee.count > 1
        if let predictions {
            try writePredictions(results, structures, deviations: isCommittee ? committeePredictions : nil, to: predictions)
        }
        if let deviations { try AtomicFile.write(Self.deviationTable(committeePredictions, structures), to: deviations) }
        if let parity {
            guard !report.energyPairs.isEmpty || !report.forcePairs.isEmpty else {
                throw ValidationError("--parity: \(data) has no reference energies or forces to plot against")
            }
            let title = URL(fileURLWithPath: data).lastPathComponent
            try AtomicFile.write(ParityPlot.svg(energies: report.energyPairs, forces: report.forcePairs, title: title), to: parity)
        }
        let summary = isCommittee ? (members: committee.count, spread: spread) : nil
        print(json ? JSONWriter.text(of: Self.document(report, structures: structures, committee: summary))
                   : Self.text(report, structures: structures, committee: summary),
              terminator: "")
    }

    /// Every frame with its predictions; a committee's also with `energy_deviation` and
    /// `max_force_deviation` on the comment line and a `force_deviation` column.
    func writePredictions(_ results: [PotentialPrediction], _ structures: [Structure],
                          deviations: [CommitteePrediction]?, to path: String) throws {
        var frames: [Structure] = [], columns: [[ExtXYZ.Column]] = []
        for (f, (prediction, reference)) in zip(results, structures).enumerated() {
            var frame = reference
            frame.energy = prediction.energy
            frame.forces = prediction.forces
            frame.stress = prediction.stress
            frame.virial = prediction.stress == nil ? nil : prediction.virial
            if let energy = reference.energy { frame.info["ref_energy"] = "\(energy)" }
            if let stress = reference.stress { frame.info["ref_stress"] = try ExtXYZ.tensorText(stress) }
            if let virial = reference.virial { frame.info["ref_virial"] = try ExtXYZ.tensorText(virial) }
            var extra = reference.forces.map { [ExtXYZ.Column(name: "ref_forces", vectors: $0)] } ?? []
            if let spread = deviations?[f] {
                frame.info["energy_deviation"] = "\(spread.energyDeviation)"
                frame.info["max_force_deviation"] = "\(spread.maxForceDeviation)"
                extra.append(ExtXYZ.Column(name: "force_deviation", width: 1, values: spread.forceDeviations))
            }
            frames.append(frame)
            columns.append(extra)
        }
        try ExtXYZ.write(frames, to: path, extraColumns: columns)
    }
}
