import Latte
import Linalg

/// The shortest and longest neighbour distance the training structures hold around each centre
/// species (all species together for a potential in "common" mode, whose channels are shared).
///
/// A radial channel lives on [c − w, c + w] (METHOD.md section 2). One whose support holds no
/// training distance contributes zero to every descriptor and gets zero gradient, so it never
/// comes back: a channel drawn below the shortest bond of a solid, or one that drifts past the
/// longest distance of a molecule during training, is capacity the fit cannot use. So a run
/// trained from scratch keeps every centre inside its row's observed range, after each step's
/// projection (`Trainer.step`). Fine-tuning does not: moving a trained potential's channels to
/// suit the new data would change what it predicts for the old.
public struct ObservedDistances: Equatable, Sendable {
    /// Per row of a term's centres (Å).  // [radial rows]
    public var shortest: [Double]
    public var longest: [Double]

    public init(shortest: [Double], longest: [Double]) {
        self.shortest = shortest
        self.longest = longest
    }

    /// The distances of `set`'s structures (every rank's share, gathered), for the rows of a
    /// potential with `speciesCount` species in `mode`.
    public static func measured(_ set: LabelledSet, speciesCount: Int, mode: SpeciesWeightMode,
                                communicator: Communicator = SingleProcess()) -> ObservedDistances {
        let rows = mode.radialRowCount(speciesCount: speciesCount)
        var shortest = [Double](repeating: .infinity, count: rows)
        var longest = [Double](repeating: 0, count: rows)
        for geometry in set.geometries {
            let vectors = geometry.vectors.storage  // [pairs, 3]
            for (p, centre) in geometry.pairCentres.enumerated() {
                let row = mode == .specific ? geometry.atomSpecies[centre] : 0
                let r = (vectors[3 * p] * vectors[3 * p] + vectors[3 * p + 1] * vectors[3 * p + 1]
                         + vectors[3 * p + 2] * vectors[3 * p + 2]).squareRoot()
                shortest[row] = min(shortest[row], r)
                longest[row] = max(longest[row], r)
            }
        }
        let counts = Array(repeating: 2 * rows, count: communicator.size)
        let gathered = communicator.allGather(shortest + longest, counts: counts)  // [ranks, 2 · rows]
        for rank in 0..<communicator.size {
            for row in 0..<rows {
                shortest[row] = min(shortest[row], gathered[rank * 2 * rows + row])
                longest[row] = max(longest[row], gathered[rank * 2 * rows + rows + row])
            }
        }
        return ObservedDistances(shortest: shortest, longest: longest)
    }

    /// Clips every centre into its row's observed range, [shortest, longest], where that range
    /// meets the projection's [w, R_c − w] (METHOD.md section 6); elsewhere the projection's
    /// bounds stand alone.
    public func confine(_ parameters: inout PotentialParameters) {
        let cutoff = parameters.cutoff
        for t in parameters.terms.indices {
            var centers = parameters.terms[t].centers  // [radial rows, channels]
            let widths = parameters.terms[t].widths
            for row in 0..<centers.rows where shortest[row] <= longest[row] {
                for u in 0..<centers.cols {
                    let k = row * centers.cols + u
                    let width = widths.storage[k]
                    let lower = max(width, shortest[row]), upper = min(cutoff - width, longest[row])
                    guard lower <= upper else { continue }
                    centers.storage[k] = min(max(centers.storage[k], lower), upper)
                }
            }
            parameters.terms[t].centers = centers
        }
    }
}
