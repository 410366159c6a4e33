import Atomistic
import Autodiff
import Dispatch
import Latte
import Linalg

/// The loss of a group of structures, its gradient with respect to the trainable parameters
/// when asked, and the error metrics of the predictions made on the way.
public struct LossEvaluation: Sendable {
    public var loss = 0.0
    /// ∂L/∂θ for the trainable parameters, in `TrainableParameters` order; empty when not asked.
    public var gradients: [Matrix] = []
    public var metrics = ErrorMetrics()

    /// Evaluates `set`'s structures at `indices`, split into `parts` (each on its own tape),
    /// over up to `threads` threads.
    ///
    /// The parts' losses and gradients are added in part order, so the result depends on how
    /// the structures are split but not on the number of threads: a run is reproducible from
    /// its seed on any machine.
    public static func evaluate(_ parameters: PotentialParameters, loss: Loss, set: LabelledSet, indices: [Int],
                                parts: Int, threads: Int, gradientsOf trainable: TrainableParameters?) -> LossEvaluation {
        sum(evaluate(parameters, loss: loss, set: set, groups: split(indices, into: parts), counts: set.counts(of: indices),
                     threads: threads, gradientsOf: trainable))
    }

    /// Evaluates each of `groups` (positions of held structures of `set`) on a tape of its own,
    /// over up to `threads` threads; the results are in group order. `counts` are those of the
    /// whole batch the groups belong to (they normalise each group's share of the loss), which
    /// may include groups evaluated elsewhere.
    public static func evaluate(_ parameters: PotentialParameters, loss: Loss, set: LabelledSet, groups: [[Int]],
                                counts: Loss.BatchCounts, threads: Int,
                                gradientsOf trainable: TrainableParameters?) -> [LossEvaluation] {
        guard !groups.isEmpty else { return [] }
        let model = LatteModel(parameters)
        return parallelMap(groups.count, threads: threads) { p in
            evaluatePart(model, loss: loss, set: set, indices: groups[p], counts: counts, trainable: trainable)
        }
    }

    /// The sum of `parts` in the order given (the first copied, the others added to it). Who
    /// computed each part does not matter; the order does, and callers fix it by part number.
    public static func sum(_ parts: [LossEvaluation]) -> LossEvaluation {
        var total = LossEvaluation()
        for result in parts {
            total.loss += result.loss
            total.metrics.merge(result.metrics)
            if total.gradients.isEmpty {
                total.gradients = result.gradients
            } else {
                for k in total.gradients.indices { total.gradients[k].storage.withUnsafeMutableBufferPointer { sum in
                    for (i, g) in result.gradients[k].storage.enumerated() { sum[i] += g }
                } }
            }
        }
        return total
    }

    private static func evaluatePart(_ model: LatteModel, loss: Loss, set: LabelledSet, indices: [Int],
                                     counts: Loss.BatchCounts, trainable: TrainableParameters?) -> LossEvaluation {
        let structures = indices.map { set.structure(at: $0) }
        let tape = Tape()
        let batch = set.batch(indices), virials = loss.needsStress(counts)
        // For gradients the prediction is recorded on the tape; without, the tape-free
        // evaluator computes it and the tape records only the loss.
        let variables = trainable.map { _ in ParameterVariables(model.parameters, on: tape) }
        let prediction = variables.map {
            model.predict(batch, variables: $0, on: tape, forces: true, virials: virials, createGraph: true)
        } ?? model.evaluatedPrediction(batch, on: tape, virials: virials)
        let value = loss.record(prediction, structures: structures, counts: counts, on: tape)
        var result = LossEvaluation(loss: value.value.storage[0])
        if let trainable, let variables {
            result.gradients = tape.gradients(of: value, wrt: trainable.select(variables.all)).map(\.value)
        }
        let energies = prediction.energies.value.storage, forces = prediction.forces!.value.storage
        var atom = 0
        for (s, structure) in structures.enumerated() {
            let atoms = atom..<(atom + structure.atomCount)
            atom += structure.atomCount
            result.metrics.add(energy: energies[s],
                               forces: atoms.lazy.map { SIMD3(forces[3 * $0], forces[3 * $0 + 1], forces[3 * $0 + 2]) },
                               reference: structure)
        }
        return result
    }

    /// `indices` in `parts` contiguous runs of near-equal length (no empty runs).
    static func split(_ indices: [Int], into parts: Int) -> [[Int]] {
        let count = min(max(parts, 1), max(indices.count, 1))
        return (0..<count).map { p in
            Array(indices[(p * indices.count / count)..<((p + 1) * indices.count / count)])
        }
    }
}

/// `body(0..<count)` computed on up to `threads` threads; results in index order.
func parallelMap<T>(_ count: Int, threads: Int, _ body: (Int) -> T) -> [T] {
    guard threads > 1 && count > 1 else { return (0..<count).map(body) }
    var results = [T?](repeating: nil, count: count)
    results.withUnsafeMutableBufferPointer { slots in
        let slots = slots
        let workers = min(threads, count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for k in stride(from: worker, to: count, by: workers) { slots[k] = body(k) }
        }
    }
    return results.map { $0! }
}
