/// All pairs of atoms closer than a cutoff, periodic images included: a full list (each pair
/// once per centre), sorted by centre.
///
/// Pair p joins centre `centers[p]` to neighbour `neighbours[p]` seen through the lattice image
/// `shifts[p]` (an integer vector n; zero along non-periodic axes and for structures without a
/// cell). Its vector is computed from the positions as given, never from wrapped ones:
///
///     vectors[p] = (x_j − x_i) + n·H      (n·H = n₀a + n₁b + n₂c, `Cell.translation`)
///     distances[p] = |vectors[p]|
///
/// and the pair is listed when `distances[p] < cutoff`; an atom is not its own neighbour at
/// n = 0, but is at other n when the cell is thinner than the cutoff. Positions may lie outside
/// the cell. Pairs of centre i occupy `pairs(of: i)`; within a centre the order is that of the
/// cell lists (use `sortedPairs` for a canonical order).
///
/// Built by cell lists (`CellGrid`) in time and memory linear in the number of atoms at fixed
/// density; `bruteForce` enumerates every image instead, for checking. Preconditions: a
/// positive finite cutoff, finite positions, a cell for every periodic axis (structures read
/// by this module satisfy the last two).
public struct NeighbourList: Sendable {
    /// The cutoff radius, Å.
    public let cutoff: Double
    /// Number of atoms of the structure.
    public let atomCount: Int
    /// Centre atom i of each pair.
    public private(set) var centers: [Int] = []
    /// Neighbour atom j of each pair.
    public private(set) var neighbours: [Int] = []
    /// Lattice image n of the neighbour.
    public private(set) var shifts: [SIMD3<Int32>] = []
    /// x_j + n·H − x_i, Å.
    public private(set) var vectors: [SIMD3<Double>] = []
    /// |vectors[p]|, Å, all < cutoff.
    public private(set) var distances: [Double] = []
    /// Pairs of centre i are `firstPair[i]..<firstPair[i + 1]` (atomCount + 1 entries).
    public private(set) var firstPair: [Int] = []

    /// Number of pairs.
    public var count: Int { centers.count }

    /// The pair indices of centre `i`.
    public func pairs(of i: Int) -> Range<Int> { firstPair[i]..<firstPair[i + 1] }

    /// The neighbour list of `structure` within `cutoff` (Å, > 0).
    public init(structure: Structure, cutoff: Double) {
        self.init(positions: structure.positions, cell: structure.cell, pbc: structure.pbc,
                  cutoff: cutoff)
    }

    /// The neighbour list of atoms at `positions` in `cell` (nil: no cell) with periodicity
    /// `pbc` (three entries; a periodic axis needs a cell), within `cutoff` (Å, > 0).
    public init(positions: [SIMD3<Double>], cell: Cell?, pbc: [Bool], cutoff: Double) {
        precondition(pbc.count == 3, "pbc needs three entries")
        self.cutoff = cutoff
        atomCount = positions.count
        let grid = CellGrid(positions: positions, cell: cell, pbc: pbc, cutoff: cutoff)
        reserve(estimatedPairs(positions.count, cell: cell, pbc: pbc, cutoff: cutoff))
        firstPair.reserveCapacity(atomCount + 1)
        let test = CutoffTest(cutoff)
        positions.withUnsafeBufferPointer { x in
            for i in 0..<x.count {
                firstPair.append(centers.count)
                grid.forEachNeighbour(of: i, positions: x, test: test) { j, shift, v, r in
                    append(i, j, shift, v, r)
                }
            }
        }
        firstPair.append(centers.count)
    }

    /// The same list by enumerating every atom pair and every lattice image that can reach the
    /// cutoff: O(N² × images), for tests and checks only. Pairs come sorted by centre, then
    /// neighbour, then shift (z, y, x).
    public static func bruteForce(structure: Structure, cutoff: Double) -> NeighbourList {
        NeighbourList(bruteForce: structure, cutoff: cutoff)
    }

    private init(bruteForce structure: Structure, cutoff: Double) {
        self.cutoff = cutoff
        atomCount = structure.atomCount
        let x = structure.positions
        var range = SIMD3<Int32>(repeating: 0)
        if let cell = structure.cell {
            let s = x.map(cell.fractional)
            let spread = s.isEmpty ? SIMD3<Double>() : s.dropFirst().reduce(s[0], pointwiseMax)
                - s.dropFirst().reduce(s[0], pointwiseMin)
            let reach = (SIMD3(repeating: cutoff) / cell.heights + spread).rounded(.up) + 1
            for k in 0..<3 where structure.pbc[k] { range[k] = Int32(reach[k]) }
        }
        let test = CutoffTest(cutoff)
        let lattice = structure.cell ?? .orthorhombic(1, 1, 1)
        for i in 0..<x.count {
            firstPair.append(centers.count)
            for j in 0..<x.count {
                for nz in -range.z...range.z {
                    for ny in -range.y...range.y {
                        for nx in -range.x...range.x {
                            let shift = SIMD3(nx, ny, nz)
                            if j == i && shift == .zero { continue }
                            let v = separation(x[i], x[j], shift, lattice)
                            guard let r = test.distance(squared: (v * v).sum()) else { continue }
                            append(i, j, shift, v, r)
                        }
                    }
                }
            }
        }
        firstPair.append(centers.count)
    }

    /// Pair indices of centre `i` ordered by neighbour, then shift (z, y, x): a canonical order
    /// for comparing lists built in different ways.
    public func sortedPairs(of i: Int) -> [Int] {
        pairs(of: i).sorted { p, q in
            (neighbours[p], shifts[p].z, shifts[p].y, shifts[p].x)
                < (neighbours[q], shifts[q].z, shifts[q].y, shifts[q].x)
        }
    }

    @inline(__always)
    private mutating func append(
        _ i: Int, _ j: Int, _ shift: SIMD3<Int32>, _ v: SIMD3<Double>, _ r: Double
    ) {
        centers.append(i)
        neighbours.append(j)
        shifts.append(shift)
        vectors.append(v)
        distances.append(r)
    }

    private mutating func reserve(_ pairs: Int) {
        centers.reserveCapacity(pairs)
        neighbours.reserveCapacity(pairs)
        shifts.reserveCapacity(pairs)
        vectors.reserveCapacity(pairs)
        distances.reserveCapacity(pairs)
    }
}

/// The one formula for a pair vector, shared by every way of building a list so that they
/// agree to the last bit: (x_j − x_i) + n·H.
@inline(__always)
func separation(
    _ xi: SIMD3<Double>, _ xj: SIMD3<Double>, _ shift: SIMD3<Int32>, _ cell: Cell
) -> SIMD3<Double> {
    shift == .zero ? xj - xi : (xj - xi) + cell.translation(shift)
}

/// The cutoff test r < cutoff, decided on r = √(r²) as rounded, with a cheap filter on r² first.
struct CutoffTest: Sendable {
    let cutoff: Double
    private let squaredBound: Double

    init(_ cutoff: Double) {
        self.cutoff = cutoff
        squaredBound = cutoff * cutoff * (1 + 1e-12)
    }

    @inline(__always)
    func distance(squared r2: Double) -> Double? {
        guard r2 < squaredBound else { return nil }
        let r = r2.squareRoot()
        return r < cutoff ? r : nil
    }
}

/// Expected number of pairs for periodic structures (density × sphere volume), to reserve
/// storage once; zero (grow as needed) otherwise.
func estimatedPairs(_ n: Int, cell: Cell?, pbc: [Bool], cutoff: Double) -> Int {
    guard let cell, pbc.allSatisfy({ $0 }), cell.volume > 0 else { return 0 }
    let sphere = 4.0 / 3.0 * Double.pi * cutoff * cutoff * cutoff
    let estimate = Double(n) * Double(n) / cell.volume * sphere * 1.3
    return Int(min(estimate, 1e9))
}
