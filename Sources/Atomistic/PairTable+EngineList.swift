extension PairTable {
    /// The pairs of a neighbour list that an MD engine hands over (LAMMPS: a full list of its
    /// owned atoms, whose neighbours are owned or ghost atoms, ghosts being copies of other
    /// ranks' atoms and periodic images, with positions already shifted, so no cell is needed).
    ///
    /// Atoms are numbered 0 ..< atoms: the owned ones first (0 ..< `neighbourCounts.count`),
    /// then the ghosts. Centre i's neighbours are the next `neighbourCounts[i]` entries of
    /// `neighbours`. The pair (i, j) is kept, with v = x_j − x_i, when neither atom is
    /// `skipped` and |v| is below `cutoff` by `NeighbourList`'s test (an engine's list
    /// includes a skin beyond the cutoff). Pairs stay in the list's order, so they come sorted
    /// by centre. The caller has checked that every index is in range and every position is
    /// finite.
    public init(positions: UnsafeBufferPointer<Double>,                  // [atoms, 3]
                neighbourCounts: UnsafeBufferPointer<Int32>,             // [owned]
                neighbours: UnsafeBufferPointer<Int32>,                  // [Σ counts]
                cutoff: Double, skipped: (Int) -> Bool) {
        self.init()
        let test = CutoffTest(cutoff)
        removeAll(reserving: neighbours.count)
        var next = 0
        for (i, count) in neighbourCounts.enumerated() {
            let listed = next..<(next + Int(count))
            next = listed.upperBound
            guard !skipped(i) else { continue }
            let xi = SIMD3(positions[3 * i], positions[3 * i + 1], positions[3 * i + 2])
            for entry in listed {
                let j = Int(neighbours[entry])
                guard !skipped(j) else { continue }
                let v = SIMD3(positions[3 * j], positions[3 * j + 1], positions[3 * j + 2]) - xi
                if test.distance(squared: (v * v).sum()) != nil { append(i, j, v) }
            }
        }
    }
}
