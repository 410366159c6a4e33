import Atomistic
import Latte
import Linalg

/// Structures with their reference labels and their neighbour geometry, computed once so
/// that any batch of them is a concatenation (`batch(_:)`), not a new neighbour search.
public struct LabelledSet: Sendable {
    /// Where the structures came from (a path, or "train.xyz (validation part)"), for messages.
    public let name: String
    public let structures: [Structure]
    /// One single-structure geometry per structure.
    let geometries: [BatchGeometry]
    let speciesCount: Int

    public var count: Int { structures.count }
    public var atomCount: Int { structures.reduce(0) { $0 + $1.atomCount } }

    /// Prepares `structures` for a potential of `species` and `cutoff`. A structure with a
    /// species the potential lacks is an error naming `name`'s frame (1-based).
    public init(name: String, structures: [Structure], species: [String], cutoff: Double,
                frameNumbers: [Int]? = nil) throws {
        self.name = name
        self.structures = structures
        self.speciesCount = species.count
        var geometries: [BatchGeometry] = []
        geometries.reserveCapacity(structures.count)
        for (k, structure) in structures.enumerated() {
            do {
                geometries.append(try BatchGeometry(structures: [structure], species: species, cutoff: cutoff))
            } catch let error as UnknownSpeciesError {
                throw InputError(file: name, frame: frameNumbers?[k] ?? k + 1,
                                 message: "species '\(error.symbol)' is not in the model (it has \(species.joined(separator: ", ")))")
            }
        }
        self.geometries = geometries
    }

    /// The structures at `indices`, in that order, as one batch.
    public func batch(_ indices: some Collection<Int>) -> BatchGeometry {
        BatchGeometry(concatenating: indices.map { geometries[$0] }, speciesCount: speciesCount)
    }

    /// The structures at `indices`, as a set of their own (keeping their geometry).
    public func subset(_ indices: [Int], name: String) -> LabelledSet {
        LabelledSet(name: name, structures: indices.map { structures[$0] },
                    geometries: indices.map { geometries[$0] }, speciesCount: speciesCount)
    }

    private init(name: String, structures: [Structure], geometries: [BatchGeometry], speciesCount: Int) {
        self.name = name
        self.structures = structures
        self.geometries = geometries
        self.speciesCount = speciesCount
    }
}
