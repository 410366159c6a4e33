import Atomistic
import Latte
import Linalg

/// Structures with their reference labels and their neighbour geometry, computed once so
/// that any batch of them is a concatenation (`batch(_:)`), not a new neighbour search.
///
/// A set may be sharded: of its `count` structures, a process then holds (with their labels
/// and geometry) only those its parts or chunks need (`held`), while the few numbers every
/// process needs about every structure (the loss's normalising counts, the compositions and
/// energies of the offset fit) are kept for all.
public struct LabelledSet: Sendable {
    /// Where the structures came from (a path, or "train.xyz (validation part)"), for messages.
    public let name: String
    /// The number of structures in the set, held here or not.
    public let count: Int
    /// The number of atoms in the set.
    public let atomCount: Int
    /// The structures held here (all of them unless the set is sharded), in set order.
    public let structures: [Structure]
    /// Their positions in the set.  // [held structures]
    public let held: [Int]
    /// Position in `structures` of each structure of the set, or -1 when not held.  // [count]
    let slots: [Int]
    /// One single-structure geometry per held structure.
    let geometries: [BatchGeometry]
    /// Each structure's share of the loss's normalising counts.  // [count]
    let labelCounts: [Loss.BatchCounts]
    /// Atom counts per species of each structure.  // [count, species]
    public let compositions: Matrix
    /// Each structure's reference energy (0 when unlabelled).  // [count]
    public let energies: [Double]
    let speciesCount: Int

    /// Prepares `structures` for a potential of `species` and `cutoff`, holding those whose
    /// position `holds` accepts. A structure with a species the potential lacks is an error
    /// naming `name`'s frame (1-based), whichever process holds it.
    public init(name: String, structures: [Structure], species: [String], cutoff: Double,
                frameNumbers: [Int]? = nil, holds: (Int) -> Bool = { _ in true }) throws {
        self.name = name
        self.count = structures.count
        self.speciesCount = species.count
        var compositions = Matrix(rows: structures.count, cols: species.count)
        var labelCounts: [Loss.BatchCounts] = []
        labelCounts.reserveCapacity(structures.count)
        var heldStructures: [Structure] = [], held: [Int] = [], geometries: [BatchGeometry] = []
        var slots = [Int](repeating: -1, count: structures.count)
        for (k, structure) in structures.enumerated() {
            do {
                for s in try BatchGeometry.speciesIndices(structure.species, of: species, structure: k) {
                    compositions[k, s] += 1
                }
                labelCounts.append(Loss.BatchCounts([structure]))
                guard holds(k) else { continue }
                slots[k] = held.count
                held.append(k)
                heldStructures.append(structure)
                geometries.append(try BatchGeometry(structures: [structure], species: species, cutoff: cutoff))
            } catch let error as UnknownSpeciesError {
                throw InputError(file: name, frame: frameNumbers?[k] ?? k + 1,
                                 message: "species '\(error.symbol)' is not in the model (it has \(species.joined(separator: ", ")))")
            }
        }
        self.atomCount = structures.reduce(0) { $0 + $1.atomCount }
        self.structures = heldStructures
        self.held = held
        self.slots = slots
        self.geometries = geometries
        self.labelCounts = labelCounts
        self.compositions = compositions
        self.energies = structures.map { $0.energy ?? 0 }
    }

    /// Whether the structure at `position` is held here.
    public func holds(_ position: Int) -> Bool { slots[position] >= 0 }

    /// The held structure at `position` of the set.
    public func structure(at position: Int) -> Structure {
        precondition(slots[position] >= 0, "LabelledSet: structure \(position) of \(name) is not held here")
        return structures[slots[position]]
    }

    /// The held structures at `indices` (positions in the set), in that order, as one batch.
    public func batch(_ indices: some Collection<Int>) -> BatchGeometry {
        BatchGeometry(concatenating: indices.map { geometries[slot($0)] }, speciesCount: speciesCount)
    }

    /// The loss's normalising counts of the structures at `indices`, held here or not.
    public func counts(of indices: some Sequence<Int>) -> Loss.BatchCounts {
        var total = Loss.BatchCounts([])
        for k in indices { total.add(labelCounts[k]) }
        return total
    }

    private func slot(_ position: Int) -> Int {
        precondition(slots[position] >= 0, "LabelledSet: structure \(position) of \(name) is not held here")
        return slots[position]
    }
}
