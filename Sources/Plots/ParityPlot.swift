import Foundation

/// Predicted against reference values, energies per atom and force components side by side,
/// with the y = x line and the errors in the legend: the picture of a fit people look at first.
public enum ParityPlot {
    /// At most this many points per panel are drawn (every k-th, in order), so that a plot of a
    /// large test set stays a small file; the errors in the legend use every point.
    public static let maximumPoints = 6000

    /// Pairs are (reference, predicted): energies in eV/atom, forces in eV/Å.
    public static func svg(energies: [(reference: Double, predicted: Double)],
                           forces: [(reference: Double, predicted: Double)], title: String) -> String {
        var panels: [SVGChart] = []
        if !energies.isEmpty {
            panels.append(panel(energies, title: "\(title): energy", unit: "eV/atom", errorUnit: "meV/atom"))
        }
        if !forces.isEmpty {
            panels.append(panel(forces, title: "\(title): force components", unit: "eV/Å", errorUnit: "meV/Å"))
        }
        return SVGDocument.text(panels)
    }

    static func panel(_ pairs: [(reference: Double, predicted: Double)], title: String, unit: String,
                      errorUnit: String) -> SVGChart {
        let values = pairs.flatMap { [$0.reference, $0.predicted] }
        let range = ChartAxis.covering(values, label: "")
        let stride = max(1, (pairs.count + maximumPoints - 1) / maximumPoints)
        let shown = Swift.stride(from: 0, to: pairs.count, by: stride).map { (pairs[$0].reference, pairs[$0].predicted) }
        let count = shown.count < pairs.count ? "\(pairs.count), \(shown.count) drawn" : "\(pairs.count)"
        var chart = SVGChart(title: "\(title) (\(count))",
                             x: ChartAxis(lower: range.lower, upper: range.upper, label: "reference (\(unit))"),
                             y: ChartAxis(lower: range.lower, upper: range.upper, label: "predicted (\(unit))"))
        let n = Double(pairs.count)
        let mae = pairs.reduce(0) { $0 + abs($1.predicted - $1.reference) } / n
        let rmse = (pairs.reduce(0) { $0 + ($1.predicted - $1.reference) * ($1.predicted - $1.reference) } / n).squareRoot()
        chart.line([(range.lower, range.lower), (range.upper, range.upper)], colour: "#888888", dashed: true, label: "y = x")
        chart.points(shown, colour: "#1f77b4",
                     label: "MAE \(String(format: "%.2f", 1e3 * mae)), RMSE \(String(format: "%.2f", 1e3 * rmse)) \(errorUnit)")
        return chart
    }
}
