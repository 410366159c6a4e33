/// The per-atom columns of an extxyz frame, from its `Properties=name:type:count:...` value,
/// turned into one instruction per whitespace-separated token of an atom line.
///
/// Types are `S` (string), `R` (real), `I` (integer), `L` (logical `T`/`F`/`True`/`False`).
/// Columns this module uses: species (`species` or `symbols`, S:1), positions (`pos` or
/// `positions`, R:3), atomic numbers (`Z` or `numbers`, I:1) and the forces column chosen by
/// the caller (R:3). Every other column is skipped, but its tokens must still have its type's
/// syntax, as ASE requires.
struct ExtXYZColumns: Equatable {
    /// What to do with one token of an atom line.
    enum Token: UInt8 {
        case species, positionX, positionY, positionZ, forceX, forceY, forceZ, atomicNumber
        case skipReal, skipInteger, skipLogical, skipString
    }

    /// One instruction per token, in line order.
    let tokens: [Token]
    /// The name of the column each token belongs to, for messages.
    let columnNames: [String]
    /// The `Properties` value as written, for messages.
    let description: String
    /// Name of the column the forces are read from, when there is one.
    let forcesColumn: String?
    let hasSpecies: Bool
    let hasAtomicNumbers: Bool

    /// The most values an atom's line may hold: a bound on what a `Properties` count can make
    /// the reader allocate, far above any real file (found by fuzzing: `tags:I:47884864`).
    static let maximumValues = 65_536

    /// The default when a frame has no `Properties`: `species:S:1:pos:R:3`.
    static let plainXYZ = "species:S:1:pos:R:3"

    /// Parses a `Properties` value. `forcesKey` names the forces column; when it is `forces`
    /// and the frame has none, a column named `force` is used instead.
    init(properties: String, forcesKey: String) throws(MessageError) {
        description = properties
        let fields = properties.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count % 3 == 0, !properties.isEmpty else {
            throw MessageError(
                "Properties=\(properties) is not a list of name:type:count triples")
        }
        var columns: [(name: String, type: Substring, count: Int)] = []
        var total = 0
        for k in stride(from: 0, to: fields.count, by: 3) {
            let name = String(fields[k]), type = fields[k + 1]
            guard !name.isEmpty else {
                throw MessageError("Properties=\(properties): empty column name")
            }
            guard ["S", "R", "I", "L"].contains(type) else {
                throw MessageError("Properties=\(properties): column \(name) has type '\(type)'"
                                   + ", expected S, R, I or L")
            }
            guard let count = Int(fields[k + 2]), count >= 1 else {
                throw MessageError("Properties=\(properties): column \(name) has count"
                                   + " '\(fields[k + 2])', expected a positive integer")
            }
            if columns.contains(where: { $0.name == name }) {
                throw MessageError("Properties=\(properties): column \(name) appears twice")
            }
            columns.append((name, type, count))
            total += min(count, Self.maximumValues + 1)
            guard total <= Self.maximumValues else {
                throw MessageError("Properties=\(properties): more than \(Self.maximumValues)"
                                   + " values per atom; at most \(Self.maximumValues) are read")
            }
        }

        func column(_ names: [String]) throws(MessageError) -> String? {
            let found = columns.filter { names.contains($0.name) }
            if found.count > 1 {
                throw MessageError("Properties=\(properties): both \(found[0].name) and "
                                   + "\(found[1].name) columns; keep one")
            }
            return found.first?.name
        }
        func require(_ name: String?, type: Substring, count: Int) throws(MessageError) {
            guard let name, let c = columns.first(where: { $0.name == name }) else { return }
            guard c.type == type && c.count == count else {
                throw MessageError("Properties=\(properties): column \(name) is "
                                   + "\(c.type):\(c.count), expected \(type):\(count)")
            }
        }

        let species = try column(["species", "symbols"])
        guard let position = try column(["pos", "positions"]) else {
            throw MessageError("Properties=\(properties) has no pos column")
        }
        let numbers = try column(["Z", "numbers"])
        guard species != nil || numbers != nil else {
            throw MessageError("Properties=\(properties) has neither a species nor a Z column")
        }
        var forces: String? = columns.contains { $0.name == forcesKey } ? forcesKey : nil
        if forces == nil && forcesKey == "forces" && columns.contains(where: { $0.name == "force" }) {
            forces = "force"
        }
        try require(species, type: "S", count: 1)
        try require(position, type: "R", count: 3)
        try require(numbers, type: "I", count: 1)
        try require(forces, type: "R", count: 3)

        var tokens: [Token] = []
        var names: [String] = []
        for c in columns {
            if c.name == species {
                tokens.append(.species)
            } else if c.name == position {
                tokens += [.positionX, .positionY, .positionZ]
            } else if c.name == numbers {
                tokens.append(.atomicNumber)
            } else if c.name == forces {
                tokens += [.forceX, .forceY, .forceZ]
            } else {
                let skip: Token = switch c.type {
                case "R": .skipReal
                case "I": .skipInteger
                case "L": .skipLogical
                default: .skipString
                }
                tokens += Array(repeating: skip, count: c.count)
            }
            names += Array(repeating: c.name, count: c.count)
        }
        self.tokens = tokens
        columnNames = names
        forcesColumn = forces
        hasSpecies = species != nil
        hasAtomicNumbers = numbers != nil
    }
}
