import Foundation

/// Accuracy against cost (docs/ACCURACY.md): test force and energy MAE of trained models
/// against their energy+forces cost in µs per atom, log–log, one panel each. Models measured
/// here are points joined in order of cost; published results, whose cost was not measured on
/// this machine, are horizontal lines at their error.
public enum AccuracyFrontPlot {
    /// One trained model: `cost` in µs/atom, errors in meV/Å and meV/atom.
    public struct Model: Sendable {
        public var label: String
        public var cost: Double
        public var forceMAE: Double
        public var energyMAE: Double
        public init(label: String, cost: Double, forceMAE: Double, energyMAE: Double) {
            (self.label, self.cost, self.forceMAE, self.energyMAE) = (label, cost, forceMAE, energyMAE)
        }
    }

    /// A published result on the same data split (errors only).
    public struct Reference: Sendable {
        public var label: String
        public var forceMAE: Double
        public var energyMAE: Double
        public init(label: String, forceMAE: Double, energyMAE: Double) {
            (self.label, self.forceMAE, self.energyMAE) = (label, forceMAE, energyMAE)
        }
    }

    /// The models and references of a CSV table with the header
    /// `label,cost_us_per_atom,force_mae_meV_per_A,energy_mae_meV_per_atom`; a row with an
    /// empty cost is a published reference. `source` names the file in errors.
    public static func table(csv text: String, source: String) throws -> (models: [Model], references: [Reference]) {
        let header = "label,cost_us_per_atom,force_mae_meV_per_A,energy_mae_meV_per_atom"
        let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard lines.first == header else {
            throw LearningCurveError(description: "\(source):1: expected the header \(header)")
        }
        var models: [Model] = [], references: [Reference] = []
        for (k, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, !fields[0].isEmpty, let force = Double(fields[2]), let energy = Double(fields[3]),
                  force > 0, energy > 0 else {
                throw LearningCurveError(description: "\(source):\(k + 2): expected a label, a cost (empty for a published result) and two positive errors")
            }
            if fields[1].isEmpty {
                references.append(Reference(label: fields[0], forceMAE: force, energyMAE: energy))
            } else if let cost = Double(fields[1]), cost > 0 {
                models.append(Model(label: fields[0], cost: cost, forceMAE: force, energyMAE: energy))
            } else {
                throw LearningCurveError(description: "\(source):\(k + 2): the cost must be a positive number of µs/atom, or empty")
            }
        }
        return (models, references)
    }

    public static func svg(_ models: [Model], references: [Reference] = [], title: String) -> String {
        let sorted = models.sorted { $0.cost < $1.cost }
        return SVGDocument.text([
            panel(sorted, references, title: "\(title): force MAE", label: "test force MAE (meV/Å)",
                  error: \.forceMAE, referenceError: \.forceMAE),
            panel(sorted, references, title: "\(title): energy MAE", label: "test energy MAE (meV/atom)",
                  error: \.energyMAE, referenceError: \.energyMAE),
        ])
    }

    static func panel(_ models: [Model], _ references: [Reference], title: String, label: String,
                      error: KeyPath<Model, Double>, referenceError: KeyPath<Reference, Double>) -> SVGChart {
        let costs = models.map(\.cost)
        let errors = models.map { $0[keyPath: error] } + references.map { $0[keyPath: referenceError] }
        var chart = SVGChart(title: title,
                             x: ChartAxis.covering(costs + costs.map { $0 * 2.5 }, logarithmic: true,
                                                   label: "energy+forces cost (µs/atom, 1 thread)"),
                             y: ChartAxis.covering(errors, logarithmic: true, label: label))
        chart.legendAtRight = true
        chart.line(models.map { ($0.cost, $0[keyPath: error]) }, colour: "#1f77b4")
        chart.labelledPoints(models.map { ($0.cost, $0[keyPath: error], $0.label) }, colour: "#1f77b4", legend: "Latte, this machine")
        // Results with the same error share one line and one label.
        var levels: [(error: Double, labels: [String])] = []
        for reference in references {
            let error = reference[keyPath: referenceError]
            if let k = levels.firstIndex(where: { $0.error == error }) { levels[k].labels.append(reference.label) }
            else { levels.append((error, [reference.label])) }
        }
        for level in levels { chart.level(level.error, colour: "#d62728", label: level.labels.joined(separator: ", ")) }
        return chart
    }
}
