import Linalg

/// The fixed division of training into parts that makes a run's numbers depend on its config
/// and data only, never on the number of processes or threads (FORMATS.md section 6).
///
/// Every training structure belongs to one of `parts` parts for the whole run: the structures,
/// in an order drawn from the seed, are dealt to the parts in turn. A batch's loss and gradient
/// are the sums over the parts holding its structures, each part evaluated on a tape of its own
/// and the parts added in increasing order. Processes and threads only decide who computes
/// which part (`Shard`), and a process prepares the data of its own parts only.
///
/// Each epoch, every part's structures are put in an order drawn from the run's generator, and
/// the epoch's order takes one structure from each part in turn: a batch of B structures holds
/// about B/parts of every part, so the work of a batch is spread evenly over the parts.
public struct PartPlan: Equatable, Sendable {
    public let parts: Int
    /// The part of each training structure.  // [structures]
    public let partOfStructure: [Int]
    /// The structures of each part, in increasing order.  // [parts][structures of that part]
    public let members: [[Int]]

    /// `structures` training structures in `parts` parts, drawn with `seed`.
    public init(structures: Int, parts: Int, seed: UInt64) {
        precondition(parts >= 1, "PartPlan: at least one part")
        self.parts = parts
        var generator = SeededGenerator(seed: seed ^ 0x7061727473)  // "parts"
        let dealt = generator.permutation(structures)
        var partOf = [Int](repeating: 0, count: structures)
        for (k, structure) in dealt.enumerated() { partOf[structure] = k % parts }
        partOfStructure = partOf
        var members = [[Int]](repeating: [], count: parts)
        for (structure, part) in partOf.enumerated() { members[part].append(structure) }
        self.members = members
    }

    /// One epoch's order of the training structures: each part's structures in an order drawn
    /// from `generator` (parts in increasing order), then one from each part in turn.
    public func epochOrder(_ generator: inout SeededGenerator) -> [Int] {
        let shuffled = members.map { part in generator.permutation(part.count).map { part[$0] } }
        var order: [Int] = []
        order.reserveCapacity(partOfStructure.count)
        for round in 0..<(shuffled.map(\.count).max() ?? 0) {
            for part in shuffled where round < part.count { order.append(part[round]) }
        }
        return order
    }

    /// `batch`'s structures grouped by part: the parts holding any of them, in increasing
    /// order, each with its structures in batch order.
    public func groups(of batch: [Int]) -> [(part: Int, structures: [Int])] {
        var byPart: [Int: [Int]] = [:]
        for structure in batch { byPart[partOfStructure[structure], default: []].append(structure) }
        return byPart.keys.sorted().map { ($0, byPart[$0]!) }
    }
}

/// Validation and test sets are evaluated in chunks of about `size` consecutive structures,
/// each on a tape of its own, and the chunks' losses and metrics are added in chunk order; chunk
/// c is computed (and its structures prepared) by rank c mod K.
public enum EvaluationChunks {
    public static let size = 32

    /// The chunks of a set of `count` structures: near-equal consecutive ranges.
    public static func ranges(count: Int) -> [Range<Int>] {
        let chunks = max(1, (count + size - 1) / size)
        return (0..<chunks).map { c in (c * count / chunks)..<((c + 1) * count / chunks) }
    }

    /// The chunk of each structure of a set of `count` structures.  // [structures]
    public static func chunkOfStructure(count: Int) -> [Int] {
        var chunkOf = [Int](repeating: 0, count: count)
        for (c, range) in ranges(count: count).enumerated() {
            for s in range { chunkOf[s] = c }
        }
        return chunkOf
    }
}
