import Atomistic
import Dispatch
import Linalg

/// A structure holds an element the potential has no network for.
public struct UnknownSpeciesError: Error, CustomStringConvertible {
    public let symbol: String
    public let structure: Int
    public let known: [String]
    public var description: String {
        "structure \(structure): species '\(symbol)' is not in the potential (it knows \(known.joined(separator: ", ")))"
    }
}

extension BatchGeometry {
    /// The atoms and neighbour pairs (r < cutoff, images included) of `structures`, with species
    /// numbered in the order of `species`.
    public init(structures: [Structure], species: [String], cutoff: Double) throws {
        try self.init(structures: structures, species: species, cutoff: cutoff, threads: 1)
    }

    /// The same, with the neighbour lists built on up to `threads` threads (one structure per
    /// thread, or one large structure's atoms split between them). Identical for any count.
    public init(structures: [Structure], species: [String], cutoff: Double, threads: Int) throws {
        var atomSpecies: [Int] = [], atomStructure: [Int] = []
        for (s, structure) in structures.enumerated() {
            atomSpecies += try Self.speciesIndices(structure.species, of: species, structure: s)
            atomStructure += Array(repeating: s, count: structure.atomCount)
        }
        let tables: [PairTable]
        if threads > 1 && structures.count > 1 {
            var built = [PairTable?](repeating: nil, count: structures.count)
            let workers = min(threads, structures.count)
            built.withUnsafeMutableBufferPointer { slots in
                let slots = slots
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    for s in stride(from: worker, to: structures.count, by: workers) {
                        slots[s] = PairTable(structure: structures[s], cutoff: cutoff)
                    }
                }
            }
            tables = built.map { $0! }
        } else {
            tables = structures.map { PairTable(structure: $0, cutoff: cutoff, threads: threads) }
        }
        var centres: [Int], neighbours: [Int], vectors: [Double]
        if tables.count == 1 {
            (centres, neighbours, vectors) = (tables[0].centres, tables[0].neighbours, tables[0].vectors)
        } else {
            let pairs = tables.reduce(0) { $0 + $1.count }
            (centres, neighbours, vectors) = ([], [], [])
            centres.reserveCapacity(pairs)
            neighbours.reserveCapacity(pairs)
            vectors.reserveCapacity(3 * pairs)
            var offset = 0
            for (table, structure) in zip(tables, structures) {
                centres += table.centres.lazy.map { $0 + offset }
                neighbours += table.neighbours.lazy.map { $0 + offset }
                vectors += table.vectors
                offset += structure.atomCount
            }
        }
        self.init(structureCount: structures.count, speciesCount: species.count, atomSpecies: atomSpecies,
                  atomStructure: atomStructure, pairCentres: centres, pairNeighbours: neighbours,
                  vectors: Matrix(rows: centres.count, cols: 3, storage: vectors))
    }

    /// The index in `species` of each of `symbols` (structure number `structure`, for the error).
    /// Equal neighbours in the list are looked up once: structures list atoms species by species.
    public static func speciesIndices(_ symbols: [String], of species: [String], structure: Int) throws -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: species.enumerated().map { ($1, $0) })
        var result: [Int] = []
        result.reserveCapacity(symbols.count)
        var last: (String, Int)?
        for symbol in symbols {
            if let (known, k) = last, known == symbol {
                result.append(k)
                continue
            }
            guard let k = index[symbol] else {
                throw UnknownSpeciesError(symbol: symbol, structure: structure, known: species)
            }
            result.append(k)
            last = (symbol, k)
        }
        return result
    }
}
