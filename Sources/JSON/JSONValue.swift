/// A JSON document in memory, keeping object keys in file order (so that written files have a
/// stable, readable layout and duplicate keys can be detected).
public enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// Every number read from text; written in shortest round-trip form.
    case number(Double)
    /// Written as a plain integer (for `version`); the parser never produces it.
    case integer(Int)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// `x` as a number, or null where there was nothing to measure (NaN) or it overflowed:
    /// JSON has no literal for non-finite numbers.
    public static func finiteOrNull(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }

    /// What a value is, for error messages: "a number", "an array of 3 items", ...
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number, .integer: return "a number"
        case .string: return "a string"
        case .array(let items): return "an array of \(items.count) item\(items.count == 1 ? "" : "s")"
        case .object: return "an object"
        }
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a.bitPattern == b.bitPattern
        case let (.integer(a), .integer(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}
