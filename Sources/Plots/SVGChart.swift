import Foundation

/// One axis of a chart: its data range, linear or logarithmic, and its label with units.
public struct ChartAxis: Sendable {
    public var lower: Double
    public var upper: Double
    public var logarithmic: Bool
    public var label: String

    public init(lower: Double, upper: Double, logarithmic: Bool = false, label: String) {
        precondition(lower < upper && (!logarithmic || lower > 0), "ChartAxis: empty or non-positive log range")
        self.lower = lower
        self.upper = upper
        self.logarithmic = logarithmic
        self.label = label
    }

    /// The range of `values` (finite ones; positive ones on a log axis) with a small margin.
    public static func covering(_ values: [Double], logarithmic: Bool = false, label: String) -> ChartAxis {
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        var low = usable.min() ?? (logarithmic ? 1 : 0), high = usable.max() ?? (logarithmic ? 10 : 1)
        if logarithmic {
            low /= 1.2; high *= 1.2
            if high / low < 10 { low = high / 10 }
        } else {
            let pad = high > low ? 0.04 * (high - low) : max(abs(low) * 0.1, 1)
            low -= pad; high += pad
        }
        return ChartAxis(lower: low, upper: high, logarithmic: logarithmic, label: label)
    }

    /// 0…1 along the axis.
    func fraction(_ value: Double) -> Double {
        logarithmic ? log10(value / lower) / log10(upper / lower) : (value - lower) / (upper - lower)
    }

    /// Tick positions: powers of ten on a log axis (with 2 and 5 between them when the axis
    /// spans two decades or less), 1–2–5 steps on a linear one.
    public var tickValues: [Double] {
        if logarithmic {
            let mantissas: [Double] = log10(upper / lower) <= 2 ? [1, 2, 5] : [1]
            return (Int(floor(log10(lower)))...Int(ceil(log10(upper))))
                .flatMap { e in mantissas.map { $0 * pow(10, Double(e)) } }
                .filter { $0 >= lower && $0 <= upper }
        }
        let raw = (upper - lower) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        return stride(from: (lower / step).rounded(.up) * step, through: upper, by: step).map { $0 }
    }

    func tickLabel(_ value: Double) -> String {
        if logarithmic { return String(format: "%g", value) }
        return String(format: "%g", (value * 1e9).rounded() / 1e9)
    }
}

/// A chart panel drawn as SVG: frame, ticks, axis labels, then series of points or lines and a
/// legend. Panels are placed side by side in an `SVGDocument`.
public struct SVGChart {
    public let title: String
    public let x: ChartAxis
    public let y: ChartAxis
    public static let width = 420.0, height = 400.0
    private let left = 70.0, right = 15.0, top = 35.0, bottom = 55.0
    private var body: [String] = []
    private var legend: [(label: String, colour: String, dashed: Bool)] = []
    /// The legend's corner: top left, or top right where the top left holds data (a front whose
    /// cheapest model is also its least accurate).
    public var legendAtRight = false

    public init(title: String, x: ChartAxis, y: ChartAxis) {
        self.title = title
        self.x = x
        self.y = y
    }

    private func px(_ value: Double) -> Double { left + x.fraction(value) * (Self.width - left - right) }
    private func py(_ value: Double) -> Double { Self.height - bottom - y.fraction(value) * (Self.height - top - bottom) }

    private func inside(_ p: (Double, Double)) -> Bool {
        p.0.isFinite && p.1.isFinite && (!x.logarithmic || p.0 > 0) && (!y.logarithmic || p.1 > 0)
    }

    /// Small filled circles.
    public mutating func points(_ data: [(Double, Double)], colour: String, label: String? = nil) {
        let marks = data.filter(inside).map {
            String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\"/>", px($0.0), py($0.1))
        }
        body.append("<g fill=\"\(colour)\" fill-opacity=\"0.55\">" + marks.joined() + "</g>")
        if let label { legend.append((label, colour, false)) }
    }

    /// Larger marks, each with a text label beside it: above the mark, below it for every other
    /// point, so that the labels of neighbouring points of similar value do not overlap.
    public mutating func labelledPoints(_ data: [(x: Double, y: Double, label: String)], colour: String, legend label: String? = nil) {
        for (k, point) in data.enumerated() where inside((point.x, point.y)) {
            let labelShift = k.isMultiple(of: 2) ? -5.0 : 13.0
            body.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"\(colour)\"/>", px(point.x), py(point.y)))
            body.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\">", px(point.x) + 6, py(point.y) + labelShift)
                        + escape(point.label) + "</text>")
        }
        if let label { legend.append((label, colour, false)) }
    }

    /// A horizontal line across the panel at `value`, labelled at its right end.
    public mutating func level(_ value: Double, colour: String, label: String) {
        guard inside((x.lower, value)) else { return }
        let y = py(value)
        body.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"\(colour)\" stroke-dasharray=\"4,3\"/>",
                           left, y, Self.width - right, y))
        body.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\" fill=\"\(colour)\">",
                           Self.width - right - 4, y - 3) + escape(label) + "</text>")
    }

    /// A polyline through `data` in order.
    public mutating func line(_ data: [(Double, Double)], colour: String, dashed: Bool = false, label: String? = nil) {
        let path = data.filter(inside).map { String(format: "%.1f,%.1f", px($0.0), py($0.1)) }.joined(separator: " ")
        body.append("<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"5,4\"" : "") points=\"\(path)\"/>")
        if let label { legend.append((label, colour, dashed)) }
    }

    /// The panel as an SVG group, shifted right by `offset`.
    func render(offset: Double) -> String {
        var out = ["<g transform=\"translate(\(offset),0)\" font-family=\"sans-serif\" font-size=\"11\">"]
        let (x0, x1, y0, y1) = (left, Self.width - right, top, Self.height - bottom)
        out.append("<svg x=\"\(x0)\" y=\"\(y0)\" width=\"\(x1 - x0)\" height=\"\(y1 - y0)\" viewBox=\"\(x0) \(y0) \(x1 - x0) \(y1 - y0)\">")
        out += body
        out.append("</svg>")
        out.append("<rect x=\"\(x0)\" y=\"\(y0)\" width=\"\(x1 - x0)\" height=\"\(y1 - y0)\" fill=\"none\" stroke=\"black\"/>")
        for t in x.tickValues {
            let p = px(t)
            out.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>", p, y1, p, y1 + 4))
            out.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", p, y1 + 16) + escape(x.tickLabel(t)) + "</text>")
        }
        for t in y.tickValues {
            let p = py(t)
            out.append(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>", x0 - 4, p, x0, p))
            out.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x0 - 6, p + 4) + escape(y.tickLabel(t)) + "</text>")
        }
        out.append("<text x=\"\((x0 + x1) / 2)\" y=\"\(Self.height - 15)\" text-anchor=\"middle\">\(escape(x.label))</text>")
        out.append("<text transform=\"translate(16,\((y0 + y1) / 2)) rotate(-90)\" text-anchor=\"middle\">\(escape(y.label))</text>")
        out.append("<text x=\"\((x0 + x1) / 2)\" y=\"20\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">\(escape(title))</text>")
        for (k, item) in legend.enumerated() {
            let ly = y0 + 14 + 15 * Double(k)
            let (lineStart, textAt, anchor) = legendAtRight ? (x1 - 26, x1 - 31, "end") : (x0 + 8, x0 + 31, "start")
            out.append("<line x1=\"\(lineStart)\" y1=\"\(ly - 4)\" x2=\"\(lineStart + 18)\" y2=\"\(ly - 4)\" stroke=\"\(item.colour)\" stroke-width=\"2.5\"\(item.dashed ? " stroke-dasharray=\"5,4\"" : "")/>")
            out.append("<text x=\"\(textAt)\" y=\"\(ly)\" text-anchor=\"\(anchor)\">\(escape(item.label))</text>")
        }
        out.append("</g>")
        return out.joined(separator: "\n")
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// Panels side by side as one standalone SVG file.
public enum SVGDocument {
    public static func text(_ panels: [SVGChart]) -> String {
        let width = SVGChart.width * Double(panels.count)
        var out = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(SVGChart.height))\" viewBox=\"0 0 \(width) \(SVGChart.height)\">",
                   "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>"]
        for (k, panel) in panels.enumerated() { out.append(panel.render(offset: SVGChart.width * Double(k))) }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }
}
