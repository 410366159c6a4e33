import SystemSupport

/// Two atoms (or an atom and a periodic image, possibly of itself) closer than a minimum
/// separation: the sign of a corrupt frame (duplicated atom, wrong units, wrong cell).
package struct CloseContact {
    /// 0-based atom indices, `first ≤ second`; the contact is between atom `second` and the
    /// image `shift` of atom `first`.
    package let first: Int
    package let second: Int
    package let shift: SIMD3<Int32>
    package let distance: Double

    package func message(minimum: Double) -> String {
        let what: String
        if first == second {
            what = "atom \(first + 1) and its periodic image \(describe(shift))"
        } else if shift == .zero {
            what = "atoms \(first + 1) and \(second + 1)"
        } else {
            what = "atom \(second + 1) and the image \(describe(shift)) of atom \(first + 1)"
        }
        return "\(what) are \(CFormat.string("%.3g", distance)) Å apart, closer than "
            + "\(minimum) Å"
    }

    private func describe(_ n: SIMD3<Int32>) -> String { "(\(n.x), \(n.y), \(n.z))" }
}

extension Structure {
    /// The first pair (by the later atom's index, then the earlier one's) closer than
    /// `minimum` Å, or nil; O(N) by cell lists.
    package func closeContact(within minimum: Double) -> CloseContact? {
        guard minimum > 0, atomCount > 0 else { return nil }
        let grid = CellGrid(positions: positions, cell: cell, pbc: pbc, cutoff: minimum,
                            binsPerAtom: 8)
        let test = CutoffTest(minimum)
        var found: CloseContact?
        positions.withUnsafeBufferPointer { x in
            for i in 0..<atomCount where found == nil {
                grid.forEachNeighbour(of: i, positions: x, test: test) { j, shift, _, r in
                    guard j <= i, found == nil || j < found!.first else { return }
                    found = CloseContact(first: j, second: i, shift: shift, distance: r)
                }
            }
        }
        return found
    }
}
