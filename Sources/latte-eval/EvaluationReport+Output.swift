import Atomistic
import Foundation
import JSON
import Latte

extension LatteEval {
    /// The `--json` document: FORMATS.md's keys (eV/atom, eV/Å), then `force_by_species` and
    /// `by_config_type` with the same metric names, then a committee's spread (`committee`).
    static func document(_ report: EvaluationReport, structures: [Structure], committee: CommitteeSummary?) -> JSONValue {
        var members = [("n_structures", JSONValue.integer(structures.count)),
                       ("n_atoms", .integer(structures.reduce(0) { $0 + $1.atomCount }))]
        members += metricMembers(report.overall)
        members.append(("force_by_species", .object(report.bySpecies.sorted { $0.key < $1.key }.map { symbol, m in
            (symbol, .object([("n_atoms", .integer(m.forceComponents / 3)), ("force_mae", JSONValue.finiteOrNull(m.forceMAE)),
                              ("force_rmse", JSONValue.finiteOrNull(m.forceRMSE))]))
        })))
        members.append(("by_config_type", .object(report.byConfigType.sorted { $0.key < $1.key }.map { name, m in
            (name, .object([("n_structures", .integer(m.structureCount))] + metricMembers(m)))
        })))
        if let committee { members.append(("committee", committeeDocument(committee))) }
        return .object(members)
    }

    static func metricMembers(_ m: ErrorMetrics) -> [(key: String, value: JSONValue)] {
        [("energy_mae", JSONValue.finiteOrNull(m.energyMAE)), ("energy_rmse", JSONValue.finiteOrNull(m.energyRMSE)),
         ("force_mae", JSONValue.finiteOrNull(m.forceMAE)), ("force_rmse", JSONValue.finiteOrNull(m.forceRMSE))]
    }

    /// The report for people, in meV/atom and meV/Å.
    static func text(_ report: EvaluationReport, structures: [Structure], committee: CommitteeSummary?) -> String {
        let atoms = structures.reduce(0) { $0 + $1.atomCount }
        var lines = ["\(structures.count) structures, \(atoms) atoms (\(report.overall.structureCount) with energies)",
                     row("energy", mae: report.overall.energyMAE, rmse: report.overall.energyRMSE, unit: "meV/atom"),
                     row("forces", mae: report.overall.forceMAE, rmse: report.overall.forceRMSE, unit: "meV/Å")]
        if report.bySpecies.count > 1 {
            lines.append("forces by species:")
            for (symbol, m) in report.bySpecies.sorted(by: { $0.key < $1.key }) {
                lines.append(row("  \(symbol)", mae: m.forceMAE, rmse: m.forceRMSE, unit: "meV/Å"))
            }
        }
        if report.byConfigType.count > 1 {
            lines.append("by config_type:")
            for (name, m) in report.byConfigType.sorted(by: { $0.key < $1.key }) {
                let label = name.isEmpty ? "(none)" : name
                lines.append("  \(label): \(m.structureCount) structures")
                lines.append(row("    energy", mae: m.energyMAE, rmse: m.energyRMSE, unit: "meV/atom"))
                lines.append(row("    forces", mae: m.forceMAE, rmse: m.forceRMSE, unit: "meV/Å"))
            }
        }
        if let committee { lines += committeeLines(committee) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ label: String, mae: Double, rmse: Double, unit: String) -> String {
        func value(_ x: Double) -> String { x.isFinite ? String(format: "%9.3f", 1e3 * x) : "      n/a" }
        return label.padding(toLength: 10, withPad: " ", startingAt: 0) + " MAE \(value(mae)) \(unit)   RMSE \(value(rmse)) \(unit)"
    }
}
