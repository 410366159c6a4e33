import Atomistic

/// The geometry passed to `latte_compute`, checked and turned into a `Structure`.
///
/// Contract (mirrors `include/latte.h`): `positions` holds 3n Cartesian coordinates in Å
/// (x0 y0 z0 x1 ...); `cell`, when not NULL, holds the three lattice vectors as rows
/// (ax ay az bx by bz cx cy cz); `pbc`, when not NULL, three flags (non-zero = periodic along
/// that lattice vector; NULL = not periodic). A periodic axis needs a cell, and a cell used
/// for periodicity must span space and be at least cutoff / `maximumImages` thick along
/// each periodic axis (thinner cells would need an unbounded number of periodic images). Every number must be finite. Nothing here crashes on bad
/// input: each problem is an `.invalidArgument` failure that names it.
enum ComputeInput {
    /// The most periodic images along one axis that a cell may need within the cutoff.
    static let maximumImages = 1000.0

    static func structure(atomCount n: Int32, positions: UnsafePointer<Double>?, symbols: [String],
                          cell: UnsafePointer<Double>?, pbc: UnsafePointer<Int32>?,
                          cutoff: Double) throws -> Structure {
        let count = Int(n)
        var coordinates: [SIMD3<Double>] = []
        if count > 0 {
            guard let positions else { throw LatteFailure(.invalidArgument, "positions is NULL") }
            coordinates.reserveCapacity(count)
            for i in 0..<count {
                let x = SIMD3(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2])
                guard x.x.isFinite && x.y.isFinite && x.z.isFinite else {
                    throw LatteFailure(.invalidArgument, "atom \(i): position (\(x.x), \(x.y), \(x.z)) is not finite")
                }
                coordinates.append(x)
            }
        }
        let periodic = (0..<3).map { k in pbc.map { $0[k] != 0 } ?? false }
        var lattice: Cell?
        if let cell {
            let entries = (0..<9).map { cell[$0] }
            guard entries.allSatisfy(\.isFinite) else {
                throw LatteFailure(.invalidArgument, "the cell has an entry that is not finite: \(entries)")
            }
            lattice = Cell(a: SIMD3(entries[0], entries[1], entries[2]), b: SIMD3(entries[3], entries[4], entries[5]),
                           c: SIMD3(entries[6], entries[7], entries[8]))
        }
        if periodic.contains(true) {
            guard let lattice else {
                throw LatteFailure(.invalidArgument, "pbc asks for periodicity but the cell is NULL")
            }
            guard !lattice.isDegenerate else {
                throw LatteFailure(.invalidArgument, "the cell's lattice vectors do not span space (volume \(lattice.volume) Å³)")
            }
            for k in 0..<3 where periodic[k] && cutoff / lattice.heights[k] > maximumImages {
                throw LatteFailure(.invalidArgument, "the cell is \(lattice.heights[k]) Å thick along lattice vector \(k), "
                                   + "too thin for the cutoff \(cutoff) Å (over \(Int(maximumImages)) images)")
            }
        }
        return Structure(species: symbols, positions: coordinates, cell: lattice, pbc: periodic)
    }
}
