import Atomistic
import Foundation
import JSON
import Latte

/// A committee's members and spread on the evaluated structures (docs/COMMITTEE.md).
typealias CommitteeSummary = (members: Int, spread: DeviationReport)

extension LatteEval {
    /// The `committee` object of `--json` (eV/atom, eV/Å): members, the mean and largest
    /// max_i σ_F,i, the mean σ_E per atom, and the rank correlations of max_i σ_F,i with the
    /// largest atomic force error and with each structure's force RMSE (null without labels).
    static func committeeDocument(_ committee: CommitteeSummary) -> JSONValue {
        let spread = committee.spread
        return .object([
            ("members", .integer(committee.members)),
            ("mean_max_force_deviation", JSONValue.finiteOrNull(spread.meanMaxForceDeviation)),
            ("largest_max_force_deviation", JSONValue.finiteOrNull(spread.largestMaxForceDeviation)),
            ("mean_energy_deviation", JSONValue.finiteOrNull(mean(spread.energyDeviations))),
            ("rank_correlation_max_error", JSONValue.finiteOrNull(spread.rankCorrelationWithMaxError ?? .nan)),
            ("rank_correlation_rmse", JSONValue.finiteOrNull(spread.rankCorrelationWithRMSE ?? .nan)),
        ])
    }

    /// The committee's lines of the report for people (meV/Å, meV/atom).
    static func committeeLines(_ committee: CommitteeSummary) -> [String] {
        let spread = committee.spread
        func rho(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        return [
            "committee of \(committee.members): the errors above are the mean's",
            String(format: "  force deviation max_i σ_F,i  mean %9.3f meV/Å   largest %9.3f meV/Å",
                   1e3 * spread.meanMaxForceDeviation, 1e3 * spread.largestMaxForceDeviation),
            String(format: "  energy deviation σ_E/N       mean %9.3f meV/atom", 1e3 * mean(spread.energyDeviations)),
            "  rank correlation of max_i σ_F,i with the largest force error \(rho(spread.rankCorrelationWithMaxError)), "
                + "with the force RMSE \(rho(spread.rankCorrelationWithRMSE))",
        ]
    }

    /// `--deviations`: one row per structure, DeePMD's `model_devi` columns in eV and eV/Å:
    /// the frame (from 1), atoms, the mean energy, σ_E, and the largest, smallest and mean σ_F,i.
    static func deviationTable(_ predictions: [CommitteePrediction], _ structures: [Structure]) -> String {
        var lines = ["frame,atoms,energy,energy_deviation,max_force_deviation,min_force_deviation,mean_force_deviation"]
        for (f, (prediction, structure)) in zip(predictions, structures).enumerated() {
            let sigma = prediction.forceDeviations
            let fields = [prediction.mean.energy, prediction.energyDeviation, sigma.max() ?? 0, sigma.min() ?? 0, mean(sigma)]
            lines.append("\(f + 1),\(structure.atomCount)," + fields.map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }
}
