import Atomistic

/// A committee's spread on a set of structures, and on labelled ones how well it ranks the
/// true errors (docs/COMMITTEE.md): per structure the force deviation max_i σ_F,i, and where
/// reference forces exist the largest atomic force error max_i ‖F̂_i − F_i‖ and the force RMSE.
public struct DeviationReport: Sendable {
    public private(set) var energyDeviations: [Double] = []    // σ_E / N, eV/atom  [structures]
    public private(set) var maxForceDeviations: [Double] = []  // max_i σ_F,i, eV/Å  [structures]
    /// Pairs of (max_i σ_F,i, max_i ‖F̂_i − F_i‖) of the structures with reference forces.
    public private(set) var deviationAndMaxError: [(deviation: Double, error: Double)] = []
    /// Pairs of (max_i σ_F,i, force RMSE of the structure) of the structures with reference forces.
    public private(set) var deviationAndRMSE: [(deviation: Double, error: Double)] = []

    public init() {}

    public mutating func add(_ prediction: CommitteePrediction, reference: Structure) {
        energyDeviations.append(prediction.energyDeviation / Double(max(reference.atomCount, 1)))
        let deviation = prediction.maxForceDeviation
        maxForceDeviations.append(deviation)
        guard let forces = reference.forces, !forces.isEmpty else { return }
        let squares = zip(prediction.mean.forces, forces).map { (($0 - $1) * ($0 - $1)).sum() }  // [atoms]
        deviationAndMaxError.append((deviation, squares.max()!.squareRoot()))
        deviationAndRMSE.append((deviation, (squares.reduce(0, +) / Double(3 * forces.count)).squareRoot()))
    }

    public var meanMaxForceDeviation: Double {
        maxForceDeviations.isEmpty ? .nan : maxForceDeviations.reduce(0, +) / Double(maxForceDeviations.count)
    }
    public var largestMaxForceDeviation: Double { maxForceDeviations.max() ?? .nan }

    /// Spearman's rank correlation of max_i σ_F,i with the largest atomic force error (nil with
    /// fewer than 3 labelled structures, or when either is constant).
    public var rankCorrelationWithMaxError: Double? { RankCorrelation.spearman(deviationAndMaxError) }
    /// The same with each structure's force RMSE.
    public var rankCorrelationWithRMSE: Double? { RankCorrelation.spearman(deviationAndRMSE) }
}

/// Spearman's ρ: Pearson's correlation of the ranks, ties given their mean rank.
public enum RankCorrelation {
    public static func spearman(_ pairs: [(deviation: Double, error: Double)]) -> Double? {
        guard pairs.count >= 3 else { return nil }
        let x = ranks(pairs.map(\.deviation)), y = ranks(pairs.map(\.error))
        let n = Double(pairs.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var xy = 0.0, xx = 0.0, yy = 0.0
        for (a, b) in zip(x, y) {
            xy += (a - meanX) * (b - meanY)
            xx += (a - meanX) * (a - meanX)
            yy += (b - meanY) * (b - meanY)
        }
        guard xx > 0 && yy > 0 else { return nil }
        return xy / (xx * yy).squareRoot()
    }

    /// Ranks 1 ... n of `values`, equal values sharing the mean of their ranks.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }
}
