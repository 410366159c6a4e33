import ArgumentParser
import Atomistic
import Foundation
import Latte
import Linalg

/// Loops of one thing only, to run under `perf record` or `valgrind --tool=callgrind`: the
/// E+F path on the bcc W cell, or ethanol training steps.
struct ProfileBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Repeat the E+F path (bcc W) or ethanol training steps, for profilers.")

    enum Part: String, ExpressibleByArgument { case ef, train }

    @Argument(help: "ef or train.") var part: Part
    @Option(help: "Threads.") var threads = 1
    @Option(help: "Evaluations or steps.") var count = 50
    @Option(help: "Descriptor shape.") var shape = "16,-:16,i,i:16,ij,ij:16,ijk,ijk:8,i,j,ij"
    @Option(help: "Path of the ethanol training set.") var ethanol = "datasets/ethanol/train.xyz"
    @Flag(help: "E+F through a BatchGeometry (the path of batches of structures).") var batchPath = false

    func run() throws {
        switch part {
        case .ef:
            let tungsten = ModelBenchmark.bccTungsten(cells: 10, latticeConstant: 3.165)
            let model = LatteModel(try ModelBenchmark.potential(species: ["W"], shape: shape))
            let evaluator = EnergyForceEvaluator(model.parameters)
            let seconds = Timing.seconds {
                for _ in 0..<count {
                    if batchPath {
                        let batch = try! BatchGeometry(structures: [tungsten], species: ["W"], cutoff: 5, threads: threads)
                        _ = evaluator.evaluate(batch, threads: threads)
                    } else {
                        _ = try! model.evaluate([tungsten], threads: threads)
                    }
                }
            }
            print(seconds * 1e6 / Double(tungsten.atomCount * count), "µs/atom")
        case .train:
            let frames = Array(try ExtXYZ.read(path: ethanol).prefix(950))
            var run = try TrainingRun(structures: frames, parameters: try ModelBenchmark.potential(
                species: ["H", "C", "O"], shape: shape), widths: ModelBenchmark.widths, energyWeight: 2, threads: threads)
            let seconds = Timing.seconds { for k in 0..<count { run.step(Array((8 * k % 944)..<(8 * k % 944 + 8))) } }
            print(seconds * 1e3 / Double(count), "ms/step")
        }
    }
}
