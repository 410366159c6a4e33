import Dispatch

/// The pairs of a structure's neighbour list as flat arrays, the form a model reads: the same
/// pairs in the same order with the same vectors, to the bit, as `NeighbourList` (both use
/// `CellGrid` and `separation`), without shifts or distances.
public struct PairTable: Sendable {
    public private(set) var centres: [Int] = []     // [pairs]
    public private(set) var neighbours: [Int] = []  // [pairs]
    /// x_j + n·H − x_i, Å.  // [pairs, 3], row-major
    public private(set) var vectors: [Double] = []

    public var count: Int { centres.count }

    /// An empty table (to be filled by `NeighbourGrid.pairs(of:into:)`).
    public init() {}

    /// The table of `structure` within `cutoff` (Å, > 0), the centres split between up to
    /// `threads` threads (consecutive ranges, joined in order: the result does not depend on
    /// the thread count).
    public init(structure: Structure, cutoff: Double, threads: Int = 1) {
        let grid = NeighbourGrid(structure: structure, cutoff: cutoff)
        let n = structure.atomCount
        let parts = max(1, min(threads, n / 256))
        guard parts > 1 else {
            grid.pairs(of: 0..<n, into: &self, reserving: grid.estimatedPairs)
            return
        }
        var tables = [PairTable](repeating: PairTable(), count: parts)
        tables.withUnsafeMutableBufferPointer { slots in
            let slots = slots
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                grid.pairs(of: (k * n / parts)..<((k + 1) * n / parts), into: &slots[k],
                           reserving: grid.estimatedPairs / parts)
            }
        }
        let total = tables.reduce(0) { $0 + $1.count }
        centres.reserveCapacity(total)
        neighbours.reserveCapacity(total)
        vectors.reserveCapacity(3 * total)
        for table in tables {
            centres += table.centres
            neighbours += table.neighbours
            vectors += table.vectors
        }
    }

    mutating func removeAll(reserving pairs: Int) {
        centres.removeAll(keepingCapacity: true)
        neighbours.removeAll(keepingCapacity: true)
        vectors.removeAll(keepingCapacity: true)
        centres.reserveCapacity(pairs)
        neighbours.reserveCapacity(pairs)
        vectors.reserveCapacity(3 * pairs)
    }

    @inline(__always)
    mutating func append(_ i: Int, _ j: Int, _ v: SIMD3<Double>) {
        centres.append(i)
        neighbours.append(j)
        vectors.append(v.x)
        vectors.append(v.y)
        vectors.append(v.z)
    }
}

/// The cell lists of one structure, built once; the pairs of any range of centres can then be
/// listed, by several threads at once (each into its own table), in `NeighbourList`'s order.
public struct NeighbourGrid: Sendable {
    public let cutoff: Double
    public let atomCount: Int
    let grid: CellGrid
    let positions: [SIMD3<Double>]
    let test: CutoffTest
    /// Expected pairs of the whole structure (periodic ones; 0 otherwise), to reserve storage.
    let estimatedPairs: Int

    public init(structure: Structure, cutoff: Double) {
        precondition(structure.pbc.count == 3, "pbc needs three entries")
        self.cutoff = cutoff
        atomCount = structure.atomCount
        positions = structure.positions
        grid = CellGrid(positions: structure.positions, cell: structure.cell, pbc: structure.pbc, cutoff: cutoff)
        test = CutoffTest(cutoff)
        estimatedPairs = Atomistic.estimatedPairs(structure.atomCount, cell: structure.cell, pbc: structure.pbc,
                                                  cutoff: cutoff)
    }

    /// Replaces the contents of `table` (keeping its storage) by the pairs of `centres`.
    public func pairs(of centres: Range<Int>, into table: inout PairTable) {
        let expected = atomCount == 0 ? 0 : estimatedPairs * centres.count / atomCount
        pairs(of: centres, into: &table, reserving: expected)
    }

    func pairs(of centres: Range<Int>, into table: inout PairTable, reserving expected: Int) {
        table.removeAll(reserving: expected)
        positions.withUnsafeBufferPointer { x in
            for i in centres {
                grid.forEachNeighbour(of: i, positions: x, test: test) { j, _, v, _ in table.append(i, j, v) }
            }
        }
    }
}
