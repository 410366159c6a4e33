import Latte
import Linalg

extension LossEvaluation {
    /// Numbers before the gradients in a packed evaluation: the loss and the seven metric sums.
    static let packedHeader = 8

    /// The evaluation as numbers: loss, metrics (counts as exact doubles), then the gradients'
    /// entries in order.
    func pack(into buffer: inout [Double]) {
        buffer += [loss, Double(metrics.structureCount), Double(metrics.atomCount), metrics.energyAbsolute,
                   metrics.energySquared, metrics.forceAbsolute, metrics.forceSquared, Double(metrics.forceComponents)]
        for gradient in gradients { buffer += gradient.storage }
    }

    /// The evaluation `pack` wrote at `buffer[offset...]`, with gradients of `shapes`.
    static func unpack(_ buffer: [Double], at offset: Int, shapes: [Shape]) -> LossEvaluation {
        var result = LossEvaluation(loss: buffer[offset])
        result.metrics.structureCount = Int(buffer[offset + 1])
        result.metrics.atomCount = Int(buffer[offset + 2])
        result.metrics.energyAbsolute = buffer[offset + 3]
        result.metrics.energySquared = buffer[offset + 4]
        result.metrics.forceAbsolute = buffer[offset + 5]
        result.metrics.forceSquared = buffer[offset + 6]
        result.metrics.forceComponents = Int(buffer[offset + 7])
        var position = offset + packedHeader
        result.gradients = shapes.map { shape in
            let n = shape.rows * shape.cols
            defer { position += n }
            return Matrix(rows: shape.rows, cols: shape.cols, storage: Array(buffer[position..<(position + n)]))
        }
        return result
    }
}

extension Communicator {
    /// Every part's evaluation on every rank, in part order, from each rank's evaluations of
    /// its own parts (`mine`, in part order): `owners[k]` is the rank that evaluated part k, and
    /// the gradients have `shapes` (none for evaluations without gradients). Also the union of
    /// every rank's `requests`, so that all ranks act on them after the same batch.
    ///
    /// One gather of whole evaluations (MPI_Allgatherv), never a reduction across ranks: the
    /// caller adds the parts in part order, so every rank gets the same bits for any K.
    func gatherParts(_ mine: [LossEvaluation], owners: [Int], shapes: [Shape],
                     requests: StepRequests = []) -> (parts: [LossEvaluation], requests: StepRequests) {
        guard size > 1 else { return (mine, requests) }
        let length = LossEvaluation.packedHeader + shapes.reduce(0) { $0 + $1.rows * $1.cols }
        var owned = [Int](repeating: 0, count: size)
        for owner in owners { owned[owner] += 1 }
        precondition(owned[rank] == mine.count, "gatherParts: \(mine.count) evaluations for \(owned[rank]) parts")
        var buffer: [Double] = [Double(requests.rawValue)]
        buffer.reserveCapacity(1 + mine.count * length)
        for evaluation in mine { evaluation.pack(into: &buffer) }
        let counts = owned.map { 1 + $0 * length }
        let gathered = allGather(buffer, counts: counts)
        var starts = [Int](repeating: 0, count: size)
        for r in 1..<size { starts[r] = starts[r - 1] + counts[r - 1] }
        var union: StepRequests = []
        for r in 0..<size { union.formUnion(StepRequests(rawValue: Int(gathered[starts[r]]))) }
        var next = [Int](repeating: 0, count: size)
        let parts = owners.map { owner -> LossEvaluation in
            defer { next[owner] += 1 }
            return LossEvaluation.unpack(gathered, at: starts[owner] + 1 + next[owner] * length, shapes: shapes)
        }
        return (parts, union)
    }
}
