/// Writes a `JSONValue` as indented text that people can read and diff: objects one member per
/// line, arrays of scalars on one line (so a matrix prints one row per line), other arrays one
/// item per line.
///
/// Numbers use Swift's `Double.description`, the shortest decimal that reads back to the same
/// Double (e.g. `0.1`, `1e-05`, `-0.0`, `1.7976931348623157e+308`); every form it produces for a
/// finite value is valid JSON. Non-finite numbers have no JSON form: callers must not pass
/// them (`PotentialParameters.checkConsistency()` refuses them before writing).
public enum JSONWriter {
    public static func text(of value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        out += "\n"
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number):
            precondition(number.isFinite, "JSONWriter: non-finite number \(number) has no JSON form")
            out += number.description
        case .integer(let integer): out += String(integer)
        case .string(let string): writeString(string, into: &out)
        case .array(let items):
            if items.allSatisfy(\.isScalar) {
                out += "["
                for (k, item) in items.enumerated() {
                    if k > 0 { out += ", " }
                    write(item, indent: indent, into: &out)
                }
                out += "]"
            } else {
                out += "[\n"
                for (k, item) in items.enumerated() {
                    out += String(repeating: " ", count: indent + 2)
                    write(item, indent: indent + 2, into: &out)
                    out += k == items.count - 1 ? "\n" : ",\n"
                }
                out += String(repeating: " ", count: indent) + "]"
            }
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{\n"
            for (k, member) in members.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                writeString(member.key, into: &out)
                out += ": "
                write(member.value, indent: indent + 2, into: &out)
                out += k == members.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    private static func writeString(_ string: String, into out: inout String) {
        out += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..<"\u{20}":
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

private extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
