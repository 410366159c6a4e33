/// A strict JSON parser (RFC 8259) over UTF-8 bytes.
///
/// Why not Foundation: on Linux, `JSONSerialization` returns numbers with long mantissas as
/// `NSDecimalNumber` and converts them to `Double` inexactly (measured: about a quarter of
/// random doubles came back different). Here every number literal is checked against the JSON
/// grammar and converted by the standard library's correctly rounded `Double(_:)`, so any
/// shortest round-trip decimal reads back bit-identical.
///
/// Errors are `JSONSyntaxError`s with a 1-based line and column. Duplicate object keys are
/// errors (keys compared code point by code point, without Unicode normalisation). `NaN` and
/// `Infinity` (which Python's `json` writes) are refused as non-JSON, and so are strings that
/// are not valid UTF-8. Nesting deeper than 256 levels is refused rather than recursed into.
public struct JSONParser {
    private let bytes: [UInt8]
    private var offset = 0
    private let maximumDepth = 256

    public static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.offset == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels") }
        guard let byte = current else { throw error("unexpected end of file; expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("non-finite number (NaN or Infinity) is not valid JSON; every number must be finite")
        default: throw error("unexpected character '\(Character(Unicode.Scalar(byte)))'; expected a value")
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        offset += 1
        var members: [(key: String, value: JSONValue)] = []
        // By UTF-8 bytes, not String equality: canonically equivalent keys ("\u00e9" and
        // "e\u0301") are different JSON keys.
        var keys = Set<[UInt8]>()
        skipWhitespace()
        if current == UInt8(ascii: "}") { offset += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let keyStart = offset
            let key = try parseString()
            guard keys.insert(Array(key.utf8)).inserted else { throw error("duplicate key \"\(key)\"", at: keyStart) }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            offset += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "}"): offset += 1; return .object(members)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        offset += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") { offset += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"): offset += 1; return .array(items)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func expectWord(_ word: String) throws {
        let expected = Array(word.utf8)
        guard offset + expected.count <= bytes.count, Array(bytes[offset..<(offset + expected.count)]) == expected else {
            throw error("unexpected text; expected '\(word)'")
        }
        offset += expected.count
    }

    /// number = -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private mutating func parseNumber() throws -> Double {
        let start = offset
        func digits() -> Int {
            let first = offset
            while let byte = current, byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") { offset += 1 }
            return offset - first
        }
        if current == UInt8(ascii: "-") { offset += 1 }
        if current == UInt8(ascii: "I") { throw error("non-finite number (-Infinity) is not valid JSON; every number must be finite") }
        if current == UInt8(ascii: "0") {
            offset += 1
        } else if digits() == 0 {
            throw error("malformed number: expected a digit", at: offset)
        }
        if current == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw error("malformed number: expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("malformed number: expected exponent digits") }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error("the number \(text) is outside the range of a Double", at: start)
        }
        return value
    }

    private mutating func parseString() throws -> String {
        let start = offset
        offset += 1
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        /// Appends the raw bytes since the last escape, refusing invalid UTF-8 (which
        /// `String(decoding:)` would silently replace with U+FFFD).
        func flushRun() throws {
            var iterator = bytes[runStart..<offset].makeIterator()
            var decoder = UTF8()
            while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): scalars.append(scalar)
                case .emptyInput: return
                case .error: throw error("invalid UTF-8 in a string", at: start)
                }
            }
        }
        while true {
            guard let byte = current else { throw error("unterminated string", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun()
                offset += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun()
                offset += 1
                scalars.append(try parseEscape())
                runStart = offset
            case 0x00..<0x20:
                throw error("control character in a string (escape it)")
            default:
                offset += 1
            }
        }
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated escape") }
        offset += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHexQuad()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate \\u\(String(high, radix: 16))")
                }
                offset += 2
                let low = try parseHexQuad()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate \\u\(String(high, radix: 16))") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("unpaired surrogate \\u\(String(high, radix: 16))") }
            return scalar
        default:
            throw error("unknown escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
    }

    /// Exactly four hexadecimal digits (`UInt32(_:radix:)` alone would also take a sign: `+041`).
    private mutating func parseHexQuad() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("expected four hexadecimal digits after \\u") }
        var value: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
                throw error("expected four hexadecimal digits after \\u")
            }
            value = value << 4 | UInt32(digit)
        }
        offset += 4
        return value
    }

    private func error(_ problem: String, at position: Int? = nil) -> JSONSyntaxError {
        let end = min(position ?? offset, bytes.count)
        var line = 1, column = 1
        for byte in bytes[..<end] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return JSONSyntaxError(line: line, column: column, problem: problem)
    }
}

/// Text that is not JSON, with the 1-based line and column where reading stopped.
public struct JSONSyntaxError: Error, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let problem: String
    public var description: String { "line \(line), column \(column): \(problem)" }
}
