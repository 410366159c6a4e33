import Foundation

/// A run's learning curve from its `metrics.csv` (the columns `MetricsLog` writes): the loss,
/// the energy MAE and the force MAE against the epoch, train and validation, on log scales.
public enum LearningCurvePlot {
    /// One epoch's numbers, in the units of `metrics.csv` (meV for the errors).
    public struct Row: Sendable {
        public var epoch: Double
        public var values: [String: Double]
    }

    /// Rows of a `metrics.csv` text; `source` names it in errors.
    public static func rows(csv text: String, source: String) throws -> [Row] {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let header = lines.first?.split(separator: ",").map(String.init), header.first == "epoch" else {
            throw LearningCurveError(description: "\(source): expected a metrics.csv whose first column is 'epoch'")
        }
        return try lines.dropFirst().enumerated().map { k, line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
            guard fields.count == header.count, let epoch = fields[0] else {
                throw LearningCurveError(description: "\(source):\(k + 2): expected \(header.count) numbers")
            }
            var values: [String: Double] = [:]
            for (name, value) in zip(header, fields) { values[name] = value ?? .nan }
            return Row(epoch: epoch, values: values)
        }
    }

    public static func svg(_ rows: [Row], title: String) -> String {
        let panels = [
            panel(rows, title: "\(title): loss", label: "loss", columns: ("train_loss", "validation_loss")),
            panel(rows, title: "\(title): energy MAE", label: "energy MAE (meV/atom)",
                  columns: ("train_energy_mae_meV_per_atom", "validation_energy_mae_meV_per_atom")),
            panel(rows, title: "\(title): force MAE", label: "force MAE (meV/Å)",
                  columns: ("train_force_mae_meV_per_A", "validation_force_mae_meV_per_A")),
        ]
        return SVGDocument.text(panels)
    }

    static func panel(_ rows: [Row], title: String, label: String, columns: (train: String, validation: String)) -> SVGChart {
        let train = rows.map { ($0.epoch, $0.values[columns.train] ?? .nan) }
        let validation = rows.map { ($0.epoch, $0.values[columns.validation] ?? .nan) }
        let epochs = rows.map(\.epoch)
        var chart = SVGChart(title: title,
                             x: ChartAxis(lower: max(epochs.min() ?? 1, 1) * 0.9, upper: max(epochs.max() ?? 10, 10) * 1.1,
                                          logarithmic: true, label: "epoch"),
                             y: ChartAxis.covering((train + validation).map(\.1), logarithmic: true, label: label))
        chart.line(train, colour: "#1f77b4", label: "train")
        chart.line(validation, colour: "#d62728", label: "validation")
        return chart
    }
}

/// A metrics file that cannot be plotted: one line naming the file (and line).
public struct LearningCurveError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}
