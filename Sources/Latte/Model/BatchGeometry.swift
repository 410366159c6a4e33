import Linalg

/// The atoms and neighbour pairs of a batch of structures, numbered across the whole batch.
///
/// Pair p joins centre `pairCentres[p]` to neighbour `pairNeighbours[p]` with bond vector
/// v_p = x_j + shift − x_i (METHOD.md section 1), the full list: each pair once per centre.
/// The model reads nothing else of a structure, so molecules, periodic cells and batches of
/// both look the same here.
public struct BatchGeometry: Sendable {
    public let structureCount: Int
    /// Species index (in the potential's `species` order) of each atom.  // [atoms]
    public let atomSpecies: [Int]
    /// Structure of each atom.  // [atoms]
    public let atomStructure: [Int]
    public let pairCentres: [Int]     // [pairs]
    public let pairNeighbours: [Int]  // [pairs]
    /// Bond vectors v_p (Å).  // [pairs, 3]
    public let vectors: Matrix
    /// The atoms of each species, in order.  // [species][atoms of that species]
    public let atomsBySpecies: [[Int]]

    public var atomCount: Int { atomSpecies.count }
    public var pairCount: Int { pairCentres.count }

    public init(structureCount: Int, speciesCount: Int, atomSpecies: [Int], atomStructure: [Int],
                pairCentres: [Int], pairNeighbours: [Int], vectors: Matrix) {
        precondition(atomSpecies.count == atomStructure.count, "BatchGeometry: one structure per atom")
        precondition(pairCentres.count == pairNeighbours.count && vectors.shape == Shape(pairCentres.count, 3),
                     "BatchGeometry: pair arrays disagree")
        self.structureCount = structureCount
        self.atomSpecies = atomSpecies
        self.atomStructure = atomStructure
        self.pairCentres = pairCentres
        self.pairNeighbours = pairNeighbours
        self.vectors = vectors
        var bySpecies = [[Int]](repeating: [], count: speciesCount)
        for (atom, s) in atomSpecies.enumerated() { bySpecies[s].append(atom) }
        self.atomsBySpecies = bySpecies
    }

    /// Species of each pair's centre and neighbour.  // [pairs]
    public var pairCentreSpecies: [Int] { pairCentres.map { atomSpecies[$0] } }
    public var pairNeighbourSpecies: [Int] { pairNeighbours.map { atomSpecies[$0] } }

    /// Structure of each pair (that of its centre).  // [pairs]
    public var pairStructure: [Int] { pairCentres.map { atomStructure[$0] } }
}

extension BatchGeometry {
    /// One batch made of several, in order: atoms, pairs and structures renumbered so that
    /// `parts[k]`'s come after those of `parts[0..<k]`. Neighbour lists computed once per
    /// structure can so be regrouped into any batch without being recomputed.
    public init(concatenating parts: [BatchGeometry], speciesCount: Int) {
        var atomSpecies: [Int] = [], atomStructure: [Int] = []
        var centres: [Int] = [], neighbours: [Int] = [], vectors: [Double] = []
        var structures = 0
        for part in parts {
            let atomOffset = atomSpecies.count
            atomSpecies += part.atomSpecies
            atomStructure += part.atomStructure.map { $0 + structures }
            centres += part.pairCentres.map { $0 + atomOffset }
            neighbours += part.pairNeighbours.map { $0 + atomOffset }
            vectors += part.vectors.storage
            structures += part.structureCount
        }
        self.init(structureCount: structures, speciesCount: speciesCount, atomSpecies: atomSpecies,
                  atomStructure: atomStructure, pairCentres: centres, pairNeighbours: neighbours,
                  vectors: Matrix(rows: centres.count, cols: 3, storage: vectors))
    }
}
