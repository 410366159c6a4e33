import JSON

/// Typed readers for config values. Each names what it expected and what it found, so a
/// message reads `training.epochs: expected a positive integer, found a string` or
/// `training.epochs: expected a positive integer, found 2.5`.
extension JSONField {
    /// A whole number within `range` and below 2^53 in size (larger doubles are not exact
    /// integers). `expected` describes the allowed values: "a positive integer".
    func integer(_ expected: String, in range: ClosedRange<Int>) throws -> Int {
        let number: Double
        switch value {
        case .number(let x): number = x
        case .integer(let n): number = Double(n)
        default: throw fail("expected \(expected), found \(value.kindDescription)")
        }
        guard number.isFinite, number == number.rounded(), abs(number) < 9_007_199_254_740_992,
              range.contains(Int(number)) else {
            throw fail("expected \(expected), found \(ConfigText.number(number))")
        }
        return Int(number)
    }

    /// An integer ≥ 1.
    func positiveInteger(orNull: Bool = false) throws -> Int {
        try integer(orNull ? "a positive integer or null" : "a positive integer", in: 1...Int.max)
    }

    /// A finite number for which `isValid` holds; `expected` describes the allowed values.
    func real(_ expected: String, where isValid: (Double) -> Bool) throws -> Double {
        let number: Double
        switch value {
        case .number(let x): number = x
        case .integer(let n): number = Double(n)
        default: throw fail("expected \(expected), found \(value.kindDescription)")
        }
        guard number.isFinite, isValid(number) else { throw fail("expected \(expected), found \(ConfigText.number(number))") }
        return number
    }

    func positiveReal(orNull: Bool = false) throws -> Double {
        try real(orNull ? "a positive number or null" : "a positive number") { $0 > 0 }
    }

    func nonNegativeReal() throws -> Double {
        try real("a non-negative number") { $0 >= 0 }
    }

    func boolean() throws -> Bool {
        guard case .bool(let flag) = value else { throw fail("expected true or false, found \(value.kindDescription)") }
        return flag
    }

    /// A string that is not empty; `expected` names what it is: "a file path".
    func nonEmptyString(_ expected: String) throws -> String {
        guard case .string(let text) = value else { throw fail("expected \(expected), found \(value.kindDescription)") }
        guard !text.isEmpty else { throw fail("expected \(expected), found an empty string") }
        return text
    }

    /// One of the names of `allowed` (by default every case), e.g. an activation; `what` names
    /// the kind of choice in the message: `unknown activation 'relu'; expected one of ...`.
    func choice<Choice: RawRepresentable & CaseIterable>(
        _ what: String, among allowed: [Choice] = Array(Choice.allCases)
    ) throws -> Choice where Choice.RawValue == String {
        let names = allowed.map(\.rawValue)
        guard case .string(let name) = value else {
            throw fail("expected one of \(NameSuggestion.list(names)), found \(value.kindDescription)")
        }
        if let choice = Choice(rawValue: name), allowed.contains(where: { $0.rawValue == name }) { return choice }
        let hint = NameSuggestion.nearest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        throw fail("unknown \(what) '\(name)'\(hint); expected one of \(NameSuggestion.list(names))")
    }
}

/// Numbers and lists as config messages print them.
enum ConfigText {
    /// Whole numbers without a decimal point (`5`, not `5.0`); others in shortest form.
    static func number(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), abs(x) < 1e18 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `[0.5, 2]`.
    static func numbers(_ xs: [Double]) -> String { "[" + xs.map(number).joined(separator: ", ") + "]" }
}
