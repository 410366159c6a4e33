import Autodiff
import Linalg

/// Local tensors of one body for every atom (METHOD.md section 3), in compact symmetric form:
///
///     A^(p)_u(i)[e] = Σ_j g_u(i,j) · Π_{a ∈ entries[e]} r̂_a
///
/// as one matrix [atoms, K·n] (column e·n + u, K = (p+1)(p+2)/2 entries in
/// `SymmetricTensorIndex` order), made by one fused segment product of the channels g
/// [pairs, n] and the direction monomials [pairs, K] (`Variable.segmentOuterSum`).
struct LocalTensors {
    /// Direction monomials Π r̂_a per pair, built once per batch and shared by all bodies.
    final class Monomials {
        private let unitVectors: Variable  // [pairs, 3]
        private var cache: [[Int]: Variable] = [:]
        private var ranks: [Int: Variable] = [:]

        init(unitVectors: Variable) { self.unitVectors = unitVectors }

        /// Π_{a ∈ axes} r̂_a for sorted `axes` (non-empty).  // [pairs, 1]
        func value(_ axes: [Int]) -> Variable {
            if let known = cache[axes] { return known }
            let last = unitVectors.columns(axes[axes.count - 1]..<(axes[axes.count - 1] + 1))
            let result = axes.count == 1 ? last : value(Array(axes.dropLast())) * last
            cache[axes] = result
            return result
        }

        /// Every monomial of rank p ≥ 1, in entry order.  // [pairs, K]
        func matrix(rank: Int) -> Variable {
            if let known = ranks[rank] { return known }
            let result = rank == 1 ? unitVectors
                : concatenateColumns(SymmetricTensorIndex(rank: rank).entries.map(value))
            ranks[rank] = result
            return result
        }
    }

    /// The tensor [atoms, K·n] of a body of rank `rank` from its channels `g` [pairs, n].
    static func accumulate(channels g: Variable, rank: Int, monomials: Monomials, batch: BatchGeometry) -> Variable {
        guard rank > 0 else { return g.scatterAddingRows(into: batch.pairCentres, count: batch.atomCount) }
        return Variable.segmentOuterSum(g, monomials.matrix(rank: rank), segments: batch.pairCentres,
                                        count: batch.atomCount)
    }
}
