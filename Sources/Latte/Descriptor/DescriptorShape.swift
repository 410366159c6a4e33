/// A LATTE descriptor shape (METHOD.md section 4): terms joined by `:`, each `n,body_1,...`.
///
/// Example: `16,-:16,i,i:16,ij,ij:8,i,j,ij` has four terms and D = 16 + 16 + 16 + 8 = 56
/// components. The descriptor of an atom concatenates the terms' components in this order.
///
/// Grammar (spaces around fields are ignored):
///
///     shape  = term (":" term)*
///     term   = count ("," body)+
///     count  = positive decimal integer
///     body   = "-"            (only as the term's sole body: the pure radial term)
///            | [a-z]+         (one letter per tensor index)
///
/// and every letter of a term must appear exactly twice in it, so that the contraction is a
/// rotation invariant.
public struct DescriptorShape: Hashable, Sendable, CustomStringConvertible {
    /// The terms in order.
    public let terms: [DescriptorTerm]

    /// Parses a shape string, or throws a `DescriptorShapeError` naming the term and the fault.
    public init(_ text: String) throws {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            throw DescriptorShapeError(shape: text, problem: "the shape is empty; expected terms like '16,-:16,i,i'")
        }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        terms = try parts.enumerated().map { index, part in
            try Self.parseTerm(String(part), number: index + 1, shape: text)
        }
    }

    /// D = Σ_t n_t: the length of an atom's descriptor.
    public var descriptorLength: Int { terms.reduce(0) { $0 + $1.componentCount } }

    /// Σ_t n_t·m_t: the number of radial channels over all terms.
    public var channelCount: Int { terms.reduce(0) { $0 + $1.channelCount } }

    /// Where each term's components start in the descriptor: componentOffsets[t] = Σ_{s<t} n_s.
    public var componentOffsets: [Int] {
        var offsets: [Int] = []
        var next = 0
        for term in terms {
            offsets.append(next)
            next += term.componentCount
        }
        return offsets
    }

    /// The descriptor components of term `t`.
    public func componentRange(ofTerm t: Int) -> Range<Int> {
        let start = componentOffsets[t]
        return start..<(start + terms[t].componentCount)
    }

    /// The largest tensor rank over all terms.
    public var maximumRank: Int { terms.map(\.maximumRank).max() ?? 0 }

    /// The canonical text: terms' canonical texts joined by `:` (no spaces).
    public var description: String { terms.map(\.description).joined(separator: ":") }

    private static func parseTerm(_ text: String, number: Int, shape: String) throws -> DescriptorTerm {
        func fail(_ problem: String) -> DescriptorShapeError {
            DescriptorShapeError(shape: shape, problem: "term \(number) '\(text.trimmingSpaces)': \(problem)")
        }
        let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard !(fields.count == 1 && fields[0].isEmpty) else {
            throw DescriptorShapeError(shape: shape, problem: "term \(number) is empty; expected 'n,body,...'")
        }
        guard let count = Int(fields[0]), count > 0, fields[0].allSatisfy(\.isASCIIDigit) else {
            throw fail("the component count '\(fields[0])' is not a positive integer")
        }
        let bodies = Array(fields.dropFirst())
        guard !bodies.isEmpty else {
            throw fail("no bodies; expected 'n,-' (radial) or bodies of index letters like 'n,i,i'")
        }
        if bodies.contains("-") {
            guard bodies.count == 1 else {
                throw fail("'-' (the pure radial term) must be the only body, as in '\(count),-'")
            }
            return DescriptorTerm(componentCount: count, bodyLetters: [[]])
        }
        for (k, body) in bodies.enumerated() {
            guard !body.isEmpty else { throw fail("body \(k + 1) is empty") }
            if let bad = body.first(where: { !$0.isLowercaseASCIILetter }) {
                throw fail("body '\(body)' contains '\(bad)'; bodies are lowercase letters a-z (or '-' alone)")
            }
        }
        let letterCounts = Dictionary(bodies.joined().map { ($0, 1) }, uniquingKeysWith: +)
        let firstAppearance = bodies.joined().reduce(into: [Character]()) { seen, letter in
            if !seen.contains(letter) { seen.append(letter) }
        }
        for letter in firstAppearance where letterCounts[letter] != 2 {
            let times = letterCounts[letter]! == 1 ? "once" : "\(letterCounts[letter]!) times"
            throw fail("letter '\(letter)' appears \(times); every letter must appear exactly twice for a rotation invariant")
        }
        return DescriptorTerm(componentCount: count, bodyLetters: bodies.map(Array.init))
    }
}

/// A malformed descriptor shape; `description` is one line naming the term and the fault.
public struct DescriptorShapeError: Error, CustomStringConvertible, Equatable {
    public let shape: String
    public let problem: String
    public var description: String { "descriptor shape '\(shape)': \(problem)" }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isLowercaseASCIILetter: Bool { ("a"..."z").contains(self) }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[start...end])
    }
}
