import JSON
import Linalg
import Testing

/// |a − b| ≤ tolerance · max(1, |a|, |b|).
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-13) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}

/// The same bits in every element (so −0.0 ≠ 0.0 and NaN payloads count).
func bitsEqual(_ a: [Matrix], _ b: [Matrix]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { x, y in
        x.shape == y.shape && zip(x.storage, y.storage).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
}

/// `value` written as text and read back, as a checkpoint file would be.
func throughText(_ value: JSONValue, file: String = "checkpoint.json") throws -> JSONField {
    JSONField(value: try JSONParser.parse(Array(JSONWriter.text(of: value).utf8)), file: file)
}

/// Replaces the member at `path` (keys, then array indices) in `value`.
func replacing(_ value: JSONValue, at path: [String], with replacement: JSONValue) -> JSONValue {
    guard let head = path.first else { return replacement }
    let rest = Array(path.dropFirst())
    switch value {
    case .object(let members):
        return .object(members.map { $0.key == head ? ($0.key, replacing($0.value, at: rest, with: replacement)) : $0 })
    case .array(var items):
        let index = Int(head)!
        items[index] = replacing(items[index], at: rest, with: replacement)
        return .array(items)
    default:
        Issue.record("no member \(head) in \(value.kindDescription)")
        return value
    }
}

/// A matrix of normal draws.
func randomMatrix(_ rows: Int, _ cols: Int, _ generator: inout SeededGenerator, scale: Double = 1) -> Matrix {
    Matrix(rows: rows, cols: cols) { _, _ in scale * generator.nextNormal() }
}
