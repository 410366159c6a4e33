import Autodiff
import Linalg

/// Local tensors of one body for every atom (METHOD.md section 3), in compact symmetric form:
///
///     A^(p)_u(i)[e] = Σ_j g_u(i,j) · Π_{a ∈ entries[e]} r̂_a
///
/// as K = (p+1)(p+2)/2 matrices [atoms, n], one per entry e, for the n channels of the body.
/// Entries are kept apart (not side by side in one matrix) so that the contraction reads them
/// without slicing, and their gradients need no zero padding.
struct LocalTensors {
    /// Direction monomials Π r̂_a per pair, built once per batch and shared by all bodies.
    final class Monomials {
        private let unitVectors: Variable  // [pairs, 3]
        private var cache: [[Int]: Variable] = [:]

        init(unitVectors: Variable) { self.unitVectors = unitVectors }

        /// Π_{a ∈ axes} r̂_a for sorted `axes` (non-empty).  // [pairs, 1]
        func value(_ axes: [Int]) -> Variable {
            if let known = cache[axes] { return known }
            let last = unitVectors.columns(axes[axes.count - 1]..<(axes[axes.count - 1] + 1))
            let result = axes.count == 1 ? last : value(Array(axes.dropLast())) * last
            cache[axes] = result
            return result
        }
    }

    /// The K entries [atoms, n] of a body of rank `rank` from its channels `g` [pairs, n].
    static func accumulate(channels g: Variable, rank: Int, monomials: Monomials,
                           batch: BatchGeometry) -> [Variable] {
        guard rank > 0 else { return [g.scatterAddingRows(into: batch.pairCentres, count: batch.atomCount)] }
        return SymmetricTensorIndex(rank: rank).entries.map { axes in
            (g * monomials.value(axes)).scatterAddingRows(into: batch.pairCentres, count: batch.atomCount)
        }
    }
}
