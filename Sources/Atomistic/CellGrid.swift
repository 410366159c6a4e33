/// Cell lists: atoms sorted into bins of the (fractional) cell so that the candidates for
/// neighbours of an atom are the atoms of a fixed block of bins around it. Building costs O(N);
/// each atom then sees O(1) candidates at fixed density.
///
/// Bins are slabs of the lattice planes, so the scheme is right for any triclinic cell: along
/// lattice vector k, a bin is `binLength[k]` thick (measured perpendicular to the other two
/// vectors), and two atoms closer than the cutoff are at most `reach[k]` bins apart. A cell
/// thinner than the cutoff has one bin and a reach of several bins, each step one periodic
/// image. A non-periodic axis is binned over the extent of the atoms and has no images; a
/// structure without a cell is binned in Cartesian coordinates (a unit cube as "cell").
///
/// Atoms outside the cell are wrapped into it for binning only: `wrap[i]` records the lattice
/// translation taken away, so that the image shift of a candidate can be expressed for the
/// original positions.
struct CellGrid: Sendable {
    /// The lattice used for fractional coordinates (the unit cube for structures without cell).
    let cell: Cell
    let periodic: (Bool, Bool, Bool)
    let binCounts: SIMD3<Int>
    let reach: SIMD3<Int>
    /// Bin of each atom, per axis.
    private(set) var binOfAtom: [SIMD3<Int32>]
    /// Lattice translation n removed from each atom to wrap it into the cell.
    private(set) var wrap: [SIMD3<Int32>]
    /// Each atom's position minus its wrap translation, x − n·H.
    private(set) var wrappedPosition: [SIMD3<Double>]
    /// Bin b owns the slots `binStart[b]..<binStart[b + 1]`; a slot holds one atom's index,
    /// wrapped position and wrap, so that scanning a bin reads contiguous memory.
    private(set) var binStart: [Int]
    private(set) var slotAtom: [Int]
    private(set) var slotPosition: [SIMD3<Double>]
    private(set) var slotWrap: [SIMD3<Int32>]
    /// Squared distance below which a wrapped-position candidate is checked exactly.
    let prefilterBound: Double

    /// Bins atoms for neighbour search within `cutoff` (> 0), with at most `binsPerAtom` bins
    /// per atom (more bins mean fewer candidates when the cutoff is short, but more empty bins
    /// to visit).
    init(positions: [SIMD3<Double>], cell structureCell: Cell?, pbc: [Bool], cutoff: Double,
         binsPerAtom: Int = 1) {
        precondition(cutoff > 0 && cutoff.isFinite, "cutoff must be positive, got \(cutoff)")
        let cell = structureCell ?? .orthorhombic(1, 1, 1)
        let isPeriodic = pbc
        precondition(structureCell != nil || !pbc.contains(true),
                     "periodic boundary conditions need a cell")
        self.cell = cell
        periodic = (pbc[0], pbc[1], pbc[2])
        let n = positions.count

        var fractional = [SIMD3<Double>](repeating: .zero, count: n)
        var wrap = [SIMD3<Int32>](repeating: .zero, count: n)
        var lower = SIMD3<Double>(repeating: 0), upper = SIMD3<Double>(repeating: 1)
        if n > 0 {
            lower = SIMD3(repeating: .infinity)
            upper = SIMD3(repeating: -.infinity)
        }
        for i in 0..<n {
            var s = cell.fractional(positions[i])
            precondition(s.x.isFinite && s.y.isFinite && s.z.isFinite,
                         "atom \(i) has a position that is not a finite number")
            for k in 0..<3 where isPeriodic[k] {
                let whole = s[k].rounded(.down)
                s[k] -= whole
                wrap[i][k] = clampedToInt32(whole)
            }
            fractional[i] = s
            lower = pointwiseMin(lower, s)
            upper = pointwiseMax(upper, s)
        }
        for k in 0..<3 where isPeriodic[k] {
            lower[k] = 0
            upper[k] = 1
        }
        let span = upper - lower

        // Bins at least (cutoff + margin) thick, so that a neighbour is at most one bin away,
        // but at most `binsPerAtom` bins per atom (a tiny cutoff or a large vacuum must not
        // make a huge empty grid; bins then grow and the reach stays one or a few bins).
        let binTarget = cutoff * (1 + 1e-9)
        let extent = span * cell.heights
        var counts = SIMD3<Int>(repeating: 1)
        for k in 0..<3 {
            let ratio = extent[k] / binTarget
            counts[k] = ratio >= 2 ? Int(min(ratio, 1e6)) : 1
        }
        let maximumBins = max(1, n * binsPerAtom)
        while counts.x * counts.y * counts.z > maximumBins {
            let largest = counts.x >= counts.y && counts.x >= counts.z ? 0
                : (counts.y >= counts.z ? 1 : 2)
            counts[largest] = max(1, counts[largest] * 3 / 4)
        }
        var reach = SIMD3<Int>(repeating: 0)
        for k in 0..<3 {
            let binLength = extent[k] / Double(counts[k])
            let steps = binLength > 0 ? (binTarget / binLength).rounded(.up) : .infinity
            let bins = Int(min(steps, 1e6))
            reach[k] = isPeriodic[k] ? bins : min(bins, counts[k] - 1)
        }
        binCounts = counts
        self.reach = reach
        self.wrap = wrap

        var binOfAtom = [SIMD3<Int32>](repeating: .zero, count: n)
        var population = [Int](repeating: 0, count: counts.x * counts.y * counts.z + 1)
        let scale = SIMD3<Double>(counts) / span
        for i in 0..<n {
            let t = (fractional[i] - lower) * scale
            var bin = SIMD3<Int32>()
            for k in 0..<3 {
                bin[k] = t[k] >= 1 ? Int32(t[k] < Double(counts[k]) ? Int(t[k]) : counts[k] - 1) : 0
            }
            binOfAtom[i] = bin
            population[flatIndex(bin, counts) + 1] += 1
        }
        for b in 1..<population.count { population[b] += population[b - 1] }
        var fill = population
        var slotAtom = [Int](repeating: 0, count: n)
        var slotPosition = [SIMD3<Double>](repeating: .zero, count: n)
        var slotWrap = [SIMD3<Int32>](repeating: .zero, count: n)
        var wrappedPosition = [SIMD3<Double>](repeating: .zero, count: n)
        var largestPosition = 0.0
        var largestWrap: Int32 = 0
        for i in 0..<n {
            let b = flatIndex(binOfAtom[i], counts)
            wrappedPosition[i] = positions[i] - cell.translation(wrap[i])
            slotAtom[fill[b]] = i
            slotPosition[fill[b]] = wrappedPosition[i]
            slotWrap[fill[b]] = wrap[i]
            fill[b] += 1
            largestPosition = max(largestPosition, length(positions[i]))
            largestWrap = max(largestWrap, abs(wrap[i].x), abs(wrap[i].y), abs(wrap[i].z))
        }
        self.binOfAtom = binOfAtom
        binStart = population
        self.slotAtom = slotAtom
        self.slotPosition = slotPosition
        self.slotWrap = slotWrap
        self.wrappedPosition = wrappedPosition
        // Pair vectors from wrapped positions and from the original ones differ by rounding
        // only, at most a few ulps of the largest quantity involved; the prefilter allows for it.
        let latticeSum = length(cell.a) + length(cell.b) + length(cell.c)
        let magnitude = largestPosition + cutoff
            + latticeSum * Double(2 * Int(largestWrap) + reach.max() + 2)
        let margin = 1e-13 * magnitude
        prefilterBound = (cutoff + margin) * (cutoff + margin)
    }

    /// Calls `body(j, n, v, r)` for every atom j and lattice image n such that the pair
    /// (i, j, n) is within the cutoff by `test`, except i itself at n = 0. The vector is the
    /// canonical `separation(x_i, x_j, n)` of the original `positions` (those the grid was
    /// built from); candidates are screened first with wrapped positions and a rounding margin.
    @inline(__always)
    func forEachNeighbour(
        of i: Int, positions x: UnsafeBufferPointer<SIMD3<Double>>, test: CutoffTest,
        _ body: (Int, SIMD3<Int32>, SIMD3<Double>, Double) -> Void
    ) {
        let bin = SIMD3<Int>(truncatingIfNeeded: binOfAtom[i])
        let wrapI = wrap[i]
        let xi = x[i]
        let wrappedI = wrappedPosition[i]
        let bound = prefilterBound
        // The four slot arrays are opened once per centre, flat rather than nested.
        binStart.withUnsafeBufferPointer { starts in
        slotAtom.withUnsafeBufferPointer { atoms in
        slotPosition.withUnsafeBufferPointer { slotX in
        slotWrap.withUnsafeBufferPointer { slotW in
            for dz in -reach.z...reach.z {
                guard let (cz, mz) = neighbourBin(bin.z + dz, binCounts.z, periodic.2)
                else { continue }
                for dy in -reach.y...reach.y {
                    guard let (cy, my) = neighbourBin(bin.y + dy, binCounts.y, periodic.1)
                    else { continue }
                    for dx in -reach.x...reach.x {
                        guard let (cx, mx) = neighbourBin(bin.x + dx, binCounts.x, periodic.0)
                        else { continue }
                        let b = cx + binCounts.x * (cy + binCounts.y * cz)
                        let image = SIMD3<Int32>(Int32(mx), Int32(my), Int32(mz))
                        let origin = wrappedI - cell.translation(image)
                        let imageI = image &+ wrapI
                        for slot in starts[b]..<starts[b + 1] {
                            let d = slotX[slot] - origin
                            if (d * d).sum() >= bound { continue }
                            let j = atoms[slot]
                            let n = imageI &- slotW[slot]
                            if j == i && n == .zero { continue }
                            let v = separation(xi, x[j], n, cell)
                            guard let r = test.distance(squared: (v * v).sum()) else { continue }
                            body(j, n, v, r)
                        }
                    }
                }
            }
        }
        }
        }
        }
    }
}

/// The bin `index` along an axis of `count` bins, folded back into the grid with the number of
/// periods crossed (periodic axis), or nil when it lies outside (non-periodic axis).
@inline(__always)
private func neighbourBin(_ index: Int, _ count: Int, _ periodic: Bool) -> (Int, Int)? {
    if index >= 0 && index < count { return (index, 0) }
    guard periodic else { return nil }
    let period = index >= 0 ? index / count : -((count - 1 - index) / count)
    return (index - period * count, period)
}

@inline(__always)
private func flatIndex(_ bin: SIMD3<Int32>, _ counts: SIMD3<Int>) -> Int {
    Int(bin.x) + counts.x * (Int(bin.y) + counts.y * Int(bin.z))
}

private func clampedToInt32(_ x: Double) -> Int32 {
    Int32(max(-2.0e9, min(2.0e9, x)))
}
