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

    /// The table of `structure` within `cutoff` (Å, > 0), the centres split between up to
    /// `threads` threads (consecutive ranges, joined in order: the result does not depend on
    /// the thread count).
    public init(structure: Structure, cutoff: Double, threads: Int = 1) {
        precondition(structure.pbc.count == 3, "pbc needs three entries")
        let n = structure.atomCount
        let grid = CellGrid(positions: structure.positions, cell: structure.cell, pbc: structure.pbc, cutoff: cutoff)
        let estimate = estimatedPairs(n, cell: structure.cell, pbc: structure.pbc, cutoff: cutoff)
        let parts = max(1, min(threads, n / 256))
        guard parts > 1 else {
            self.init(grid: grid, positions: structure.positions, centres: 0..<n, cutoff: cutoff, reserving: estimate)
            return
        }
        var tables = [PairTable?](repeating: nil, count: parts)
        tables.withUnsafeMutableBufferPointer { slots in
            let slots = slots
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                slots[k] = PairTable(grid: grid, positions: structure.positions,
                                     centres: (k * n / parts)..<((k + 1) * n / parts), cutoff: cutoff,
                                     reserving: estimate / parts)
            }
        }
        self.init(joining: tables.map { $0! })
    }

    /// Parts for consecutive ranges of centres, in order.
    private init(joining tables: [PairTable]) {
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

    private init(grid: CellGrid, positions: [SIMD3<Double>], centres range: Range<Int>, cutoff: Double,
                 reserving pairs: Int) {
        centres.reserveCapacity(pairs)
        neighbours.reserveCapacity(pairs)
        vectors.reserveCapacity(3 * pairs)
        let test = CutoffTest(cutoff)
        positions.withUnsafeBufferPointer { x in
            for i in range {
                grid.forEachNeighbour(of: i, positions: x, test: test) { j, _, v, _ in
                    centres.append(i)
                    neighbours.append(j)
                    vectors.append(v.x)
                    vectors.append(v.y)
                    vectors.append(v.z)
                }
            }
        }
    }
}
