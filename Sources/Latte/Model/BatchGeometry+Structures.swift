import Atomistic
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
        var atomSpecies: [Int] = [], atomStructure: [Int] = []
        var centres: [Int] = [], neighbours: [Int] = [], vectors: [Double] = []
        let index = Dictionary(uniqueKeysWithValues: species.enumerated().map { ($1, $0) })
        for (s, structure) in structures.enumerated() {
            let offset = atomSpecies.count
            for symbol in structure.species {
                guard let k = index[symbol] else {
                    throw UnknownSpeciesError(symbol: symbol, structure: s, known: species)
                }
                atomSpecies.append(k)
                atomStructure.append(s)
            }
            let list = NeighbourList(structure: structure, cutoff: cutoff)
            centres += list.centers.map { $0 + offset }
            neighbours += list.neighbours.map { $0 + offset }
            for v in list.vectors { vectors += [v.x, v.y, v.z] }
        }
        self.init(structureCount: structures.count, speciesCount: species.count, atomSpecies: atomSpecies,
                  atomStructure: atomStructure, pairCentres: centres, pairNeighbours: neighbours,
                  vectors: Matrix(rows: centres.count, cols: 3, storage: vectors))
    }
}
