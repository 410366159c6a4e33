import ArgumentParser
import Atomistic
import CommandSupport
import Foundation
import Latte
import PannaData
import Training

/// `latte-select --model COMMITTEE --candidates FILE.xyz --count K [--lower L] [--upper U]
/// [--separation S] --output OUT.xyz` (docs/COMMITTEE.md): the K candidate frames a committee is
/// least sure of, with max_i σ_F,i in [L, U] and at least S frames apart, written as extended
/// XYZ ready for DFT: species, positions, cell and the frame's own comment keys, without the
/// candidates' energies or forces, plus `candidate_frame` and `max_force_deviation`.
@main
struct LatteSelect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-select",
        abstract: "Pick the structures a committee of potentials is least sure of, for DFT.")

    @Option(help: "A committee potential file (docs/COMMITTEE.md), or a committee run folder.") var model: String
    @Option(help: "Candidate structures, e.g. an MD trajectory: an extended XYZ file, or a folder of PANNA example files.")
    var candidates: String
    @Option(help: "How many structures to select.") var count: Int
    @Option(help: "Smallest force deviation max_i σ_F,i to select (eV/Å): below it the potential already knows the structure.")
    var lower = 0.0
    @Option(help: "Largest force deviation to select (eV/Å): above it the structure is likely unphysical.")
    var upper = Double.infinity
    @Option(help: "Selected frames are at least this many frames apart (default: candidates / (2 × count)).")
    var separation: Int?
    @Option(help: "The extended XYZ file to write.") var output: String
    @Option(help: "Structures evaluated together.") var batchSize = 32

    static func main() { mainWithOneLineErrors(tool: "latte-select") }

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
        guard lower >= 0, lower.isFinite else { throw ValidationError("--lower must be a non-negative number of eV/Å, got \(lower)") }
        guard upper > lower else { throw ValidationError("--upper (\(upper)) must be above --lower (\(lower))") }
        if let separation, separation < 1 { throw ValidationError("--separation must be at least 1, got \(separation)") }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive, got \(batchSize)") }
    }

    func run() throws {
        let committee = try TrainedPotential.loadCommittee(model)
        guard committee.count > 1 else {
            throw InputError(file: model, message: "a single potential; selecting needs a committee (train one with training.committee)")
        }
        let frames = try StructureFiles.read(path: candidates, options: .init())
        let deviations = try Self.forceDeviations(of: frames, committee: committee, path: candidates, potentialFile: model,
                                                  batchSize: batchSize)
        let selection = CandidateSelection(
            deviations: deviations, count: count, lower: lower, upper: upper,
            separation: separation ?? CandidateSelection.defaultSeparation(candidates: frames.count, count: count))
        let selected = selection.chosen.map { f in
            var frame = frames[f]
            frame.energy = nil
            frame.forces = nil
            frame.stress = nil
            frame.virial = nil
            frame.info["candidate_frame"] = "\(f + 1)"
            frame.info["max_force_deviation"] = "\(deviations[f])"
            return frame
        }
        try ExtXYZ.write(selected, to: output)
        print("latte-select: \(frames.count) candidates: \(selection.below) below \(lower) eV/Å, "
              + "\(selection.eligible) in range, \(selection.above) above \(upper) eV/Å; wrote \(selected.count) to \(output)"
              + (selected.count < count ? " (fewer than \(count): lower --separation or widen the range)" : ""))
        for f in selection.chosen { print(String(format: "  frame %6d  max σ_F %.4f eV/Å", f + 1, deviations[f])) }
    }

    /// max_i σ_F,i of every frame; a species the committee does not know names the frame.
    static func forceDeviations(of frames: [Structure], committee: Committee, path: String, potentialFile: String,
                                batchSize: Int) throws -> [Double] {
        let deviations = try CommitteeModel(committee).evaluate(frames, readFrom: path, potentialFile: potentialFile,
                                                                          batchSize: batchSize)
            .map(\.maxForceDeviation)
        if let bad = deviations.firstIndex(where: { !$0.isFinite }) {
            throw InputError(file: path, frame: bad + 1, message: "the committee's forces are not finite (are two atoms at the same position?)")
        }
        return deviations
    }
}
