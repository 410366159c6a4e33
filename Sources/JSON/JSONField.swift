/// A JSON value together with its key path, so that every decoding error names the field:
/// `descriptor.terms[1].widths[0]`. Used by the potential, config and checkpoint decoders.
public struct JSONField {
    public let value: JSONValue
    public let path: String
    public let file: String

    public init(value: JSONValue, path: String = "", file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    public func fail(_ problem: String) -> JSONFileError {
        JSONFileError(file: file, field: path.isEmpty ? "(top level)" : path, problem: problem)
    }

    /// The member `key` of an object; throws if this is not an object or the key is missing.
    public func member(_ key: String) throws -> JSONField {
        guard let found = try optionalMember(key) else {
            throw JSONField(value: .null, path: childPath(key), file: file).fail("missing")
        }
        return found
    }

    /// The member `key` of an object, or nil when the key is absent.
    public func optionalMember(_ key: String) throws -> JSONField? {
        let members = try object()
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        return JSONField(value: value, path: childPath(key), file: file)
    }

    public func object() throws -> [(key: String, value: JSONValue)] {
        guard case .object(let members) = value else { throw fail("expected an object, found \(value.kindDescription)") }
        return members
    }

    public func string() throws -> String {
        guard case .string(let text) = value else { throw fail("expected a string, found \(value.kindDescription)") }
        return text
    }

    /// A finite number (the parser refuses non-finite literals; this guards built values too).
    public func number() throws -> Double {
        guard case .number(let number) = value else { throw fail("expected a number, found \(value.kindDescription)") }
        guard number.isFinite else { throw fail("expected a finite number, found \(number)") }
        return number
    }

    public func array() throws -> [JSONField] {
        guard case .array(let items) = value else { throw fail("expected an array, found \(value.kindDescription)") }
        return items.enumerated().map { JSONField(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// An array of exactly `count` numbers.
    public func vector(count: Int) throws -> [Double] {
        guard case .array(let items) = value else {
            throw fail("expected an array of \(count) numbers, found \(value.kindDescription)")
        }
        guard items.count == count else { throw fail("expected \(count) numbers, found \(items.count)") }
        return try array().map { try $0.number() }
    }

    /// A whole number ≥ `minimum`: an `.integer` built in memory, or a number read from text
    /// that a Double holds exactly (|n| ≤ 2^53).
    public func integer(minimum: Int = 0) throws -> Int {
        if case .integer(let integer) = value {
            guard integer >= minimum else { throw fail("expected a whole number ≥ \(minimum), found \(integer)") }
            return integer
        }
        let number = try number()
        guard let integer = Int(exactly: number), abs(number) <= 0x1p53 else {
            throw fail("expected a whole number, found \(number)")
        }
        guard integer >= minimum else { throw fail("expected a whole number ≥ \(minimum), found \(integer)") }
        return integer
    }

    /// An array of numbers of any length.
    public func numbers() throws -> [Double] {
        guard case .array = value else { throw fail("expected an array of numbers, found \(value.kindDescription)") }
        return try array().map { try $0.number() }
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
