import Atomistic
import Foundation
import Latte
import Linalg
import Training

/// Training steps as `Trainer` takes them (DESIGN.md's flow): the energy + force loss of a batch
/// and its gradient with respect to every trainable parameter (`LossEvaluation`, the batch split
/// in `max(threads, 2)` parts, as the trainer did before `training.parts`, so that the figures of
/// docs/SPEED.md stay comparable), the finiteness check, an Adam step, the projection of centres
/// and widths, and the weight average.
struct TrainingRun {
    let set: LabelledSet
    var parameters: PotentialParameters
    let loss: Loss
    let trainable: TrainableParameters
    var optimizer: Adam
    var average: ExponentialMovingAverage
    let widths: WidthPolicy
    let threads: Int

    init(structures: [Structure], parameters: PotentialParameters, widths: WidthPolicy,
         energyWeight: Double, threads: Int) throws {
        set = try LabelledSet(name: "bench", structures: structures, species: parameters.species,
                              cutoff: parameters.cutoff)
        self.parameters = parameters
        loss = Loss(energyWeight: energyWeight, forceWeight: 1, stressWeight: 0, energyLoss: .perAtom)
        trainable = TrainableParameters(parameters, widthsLearned: widths.isLearned)
        let values = trainable.values(of: parameters)
        optimizer = Adam(shapes: values.map(\.shape))
        average = ExponentialMovingAverage(values, decay: 0.99)
        self.widths = widths
        self.threads = threads
    }

    /// One optimiser step on the structures at `indices`; returns the loss.
    @discardableResult
    mutating func step(_ indices: [Int], learningRate: Double = 1e-3) -> Double {
        let evaluation = LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: indices,
                                                 parts: max(threads, 2), threads: threads, gradientsOf: trainable)
        precondition(evaluation.loss.isFinite && GradientClipping.globalNorm(evaluation.gradients).isFinite)
        var values = trainable.values(of: parameters)
        optimizer.update(&values, gradients: evaluation.gradients, learningRate: learningRate)
        parameters = trainable.replacing(values, in: parameters).projected(widths: widths)
        average.update(with: trainable.values(of: parameters))
        return evaluation.loss
    }

    /// Seconds for one pass over `count` structures in batches of `batchSize`, in order.
    mutating func epochSeconds(count: Int, batchSize: Int) -> Double {
        Timing.seconds {
            var lower = 0
            while lower < count {
                step(Array(lower..<min(lower + batchSize, count)))
                lower += batchSize
            }
        }
    }
}

/// Peak resident memory of this process (VmHWM) and the current one (VmRSS), in bytes, from
/// /proc/self/status; nil where that file does not exist.
enum ResidentMemory {
    static func read() -> (peak: Int, current: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").compactMap { Int($0) }.first.map { $0 * 1024 }
        }
        guard let peak = field("VmHWM"), let current = field("VmRSS") else { return nil }
        return (peak, current)
    }

    /// Runs `arguments` as a child of this executable and returns its standard output.
    static func child(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
