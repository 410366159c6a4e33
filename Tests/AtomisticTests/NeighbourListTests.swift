import Atomistic
import Linalg
import Testing

/// The cell-list neighbour list equals brute-force enumeration over images: same pairs, same
/// shifts, bit-identical vectors and distances.
struct NeighbourListTests {
    /// Asserts that `list` and the brute-force list of `structure` are the same pairs.
    func expectMatchesBruteForce(
        _ structure: Structure, cutoff: Double, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let list = NeighbourList(structure: structure, cutoff: cutoff)
        let reference = NeighbourList.bruteForce(structure: structure, cutoff: cutoff)
        #expect(list.count == reference.count, "\(label): pair count",
                sourceLocation: sourceLocation)
        #expect(list.firstPair.count == structure.atomCount + 1, sourceLocation: sourceLocation)
        for i in 0..<structure.atomCount {
            let mine = list.sortedPairs(of: i), theirs = reference.sortedPairs(of: i)
            let same = mine.count == theirs.count && zip(mine, theirs).allSatisfy { p, q in
                samePair(list, p, reference, q)
            }
            #expect(same, "\(label): centre \(i) differs", sourceLocation: sourceLocation)
            if !same { return }
        }
        #expect(list.distances.allSatisfy { $0 < cutoff }, sourceLocation: sourceLocation)
    }

    func samePair(_ a: NeighbourList, _ p: Int, _ b: NeighbourList, _ q: Int) -> Bool {
        let sameAtoms = a.centers[p] == b.centers[q] && a.neighbours[p] == b.neighbours[q]
        let sameImage = a.shifts[p] == b.shifts[q]
        return sameAtoms && sameImage && a.vectors[p] == b.vectors[q]
            && a.distances[p] == b.distances[q]
    }

    @Test(arguments: ["silicon/train.xyz", "silicon/test.xyz", "tial/tial.xyz"])
    func periodicDatasetsMatchBruteForce(_ file: String) throws {
        for (index, structure) in try ExtXYZ.read(path: dataset(file)).enumerated() {
            expectMatchesBruteForce(structure, cutoff: 5.0, "\(file) frame \(index + 1)")
        }
    }

    @Test func tialSmallCellsAtLargeCutoffMatchBruteForce() throws {
        let frames = try ExtXYZ.read(path: dataset("tial/tial.xyz")).filter { $0.atomCount <= 4 }
        #expect(frames.count > 20)
        for (index, structure) in frames.prefix(40).enumerated() {
            expectMatchesBruteForce(structure, cutoff: 9.0, "small Ti-Al cell \(index)")
        }
    }

    /// Totals of `ase.neighborlist.neighbor_list('ijd', atoms, 5.0)` over every frame.
    @Test(arguments: [("silicon/test.xyz", 41008, 159931.79720901896),
                      ("tial/tial.xyz", 61514, 239945.740286568),
                      ("ethanol/train.xyz", 72000, 158421.92458535964),
                      ("silicon/train.xyz", 358380, 1403280.053484197)])
    func pairCountsAndDistancesMatchASE(_ file: String, pairs: Int, distanceSum: Double) throws {
        let lists = try ExtXYZ.read(path: dataset(file)).map {
            NeighbourList(structure: $0, cutoff: 5.0)
        }
        #expect(lists.reduce(0) { $0 + $1.count } == pairs)
        let sum = lists.reduce(0.0) { $0 + $1.distances.reduce(0, +) }
        #expect(abs(sum - distanceSum) < 1e-9 * distanceSum)
    }

    @Test func moleculesWithoutCellMatchBruteForce() throws {
        for structure in try ExtXYZ.read(path: dataset("ethanol/test.xyz")).prefix(50) {
            #expect(structure.pbc == [false, false, false])
            expectMatchesBruteForce(structure, cutoff: 5.0, "ethanol")
            expectMatchesBruteForce(structure, cutoff: 1.2, "ethanol, bonds only")
            let list = NeighbourList(structure: structure, cutoff: 5.0)
            #expect(list.shifts.allSatisfy { $0 == .zero })
        }
    }

    /// 1 atom in a cubic cell of edge 2 Å, cutoff 6 Å: the neighbours are the images n with
    /// 0 < |n| < 3, of which there are 92.
    @Test func oneAtomCellWithCutoffThreeTimesItsEdge() {
        let cubic = Structure(species: ["W"], positions: [SIMD3(0.3, -0.2, 0.1)],
                              cell: .orthorhombic(2, 2, 2))
        let list = NeighbourList(structure: cubic, cutoff: 6.0)
        #expect(list.count == 92)
        #expect(list.neighbours.allSatisfy { $0 == 0 })
        expectMatchesBruteForce(cubic, cutoff: 6.0, "cubic 1-atom cell")

        let sheared = Structure(
            species: ["W"], positions: [SIMD3(5.0, 7.0, -3.0)],
            cell: Cell(a: SIMD3(2, 0, 0), b: SIMD3(1.7, 1.5, 0), c: SIMD3(-1.2, 0.9, 1.8)))
        expectMatchesBruteForce(sheared, cutoff: 3 * 2.0, "sheared 1-atom cell")
    }

    /// Random triclinic cells with strong shear, atoms inside and far outside the cell, every
    /// combination of periodic axes, cutoffs from a fraction of the cell to several cells.
    @Test func randomShearedTriclinicCellsMatchBruteForce() {
        var random = SeededGenerator(seed: 7)
        for trial in 0..<120 {
            let scale = random.uniform(in: 2.0...9.0)
            let a = SIMD3(scale, 0, 0)
            let b = SIMD3(random.uniform(in: -1.5...1.5) * scale,
                          random.uniform(in: 0.4...1.2) * scale, 0)
            let c = SIMD3(random.uniform(in: -1.5...1.5) * scale,
                          random.uniform(in: -1.5...1.5) * scale,
                          random.uniform(in: 0.4...1.2) * scale)
            let cell = Cell(a: a, b: b, c: c)
            let count = Int(random.uniform(in: 1...30))
            let positions = (0..<count).map { _ in
                cell.cartesian(SIMD3(random.uniform(in: -1.5...2.5),
                                     random.uniform(in: -1.5...2.5),
                                     random.uniform(in: -1.5...2.5)))
            }
            let pbc = [trial & 1 == 0, trial & 2 == 0, trial & 4 == 0]
            let structure = Structure(species: Array(repeating: "Al", count: count),
                                      positions: positions, cell: cell, pbc: pbc)
            let cutoff = random.uniform(in: 0.5...2.5) * scale
            expectMatchesBruteForce(structure, cutoff: cutoff, "random cell \(trial)")
        }
    }

    /// Each pair (i, j, n, v) has its mirror (j, i, −n, −v), exactly.
    @Test func listIsSymmetric() throws {
        let structure = try ExtXYZ.read(path: dataset("silicon/test.xyz"))[3]
        let list = NeighbourList(structure: structure, cutoff: 5.0)
        var mirrors: [String: SIMD3<Double>] = [:]
        for p in 0..<list.count {
            mirrors["\(list.centers[p]) \(list.neighbours[p]) \(list.shifts[p])"] = list.vectors[p]
        }
        for p in 0..<list.count {
            let key = "\(list.neighbours[p]) \(list.centers[p]) \(0 &- list.shifts[p])"
            #expect(mirrors[key] == -list.vectors[p])
        }
    }

    /// Moving atoms by lattice vectors changes shifts, not distances or (up to rounding) vectors.
    @Test func positionsOutsideTheCellGiveTheSamePairs() throws {
        let structure = try ExtXYZ.read(path: dataset("tial/tial.xyz"))[100]
        let cell = try #require(structure.cell)
        var moved = structure
        for i in moved.positions.indices {
            let n = SIMD3<Int32>(Int32(i % 3) - 1, Int32(i % 5) - 2, 3)
            moved.positions[i] += cell.translation(n)
        }
        let original = NeighbourList(structure: structure, cutoff: 5.0)
        let shifted = NeighbourList(structure: moved, cutoff: 5.0)
        #expect(original.count == shifted.count)
        for i in 0..<structure.atomCount {
            let a = original.pairs(of: i).map { original.vectors[$0] }
            let b = shifted.pairs(of: i).map { shifted.vectors[$0] }
            let key: (SIMD3<Double>) -> [Double] = { [($0.x * 1e6).rounded(), ($0.y * 1e6).rounded(),
                                                       ($0.z * 1e6).rounded()] }
            #expect(a.map(key).sorted { $0.lexicographicallyPrecedes($1) }
                    == b.map(key).sorted { $0.lexicographicallyPrecedes($1) })
        }
        for p in 0..<shifted.count {
            let i = shifted.centers[p], j = shifted.neighbours[p]
            let v = moved.positions[j] + cell.translation(shifted.shifts[p]) - moved.positions[i]
            #expect(length(v - shifted.vectors[p]) < 1e-12)
        }
    }

    @Test func emptyAndSingleMoleculeEdgeCases() {
        let empty = Structure(species: [], positions: [])
        #expect(NeighbourList(structure: empty, cutoff: 5).count == 0)
        let lone = Structure(species: ["H"], positions: [SIMD3(1, 2, 3)])
        let list = NeighbourList(structure: lone, cutoff: 5)
        #expect(list.count == 0 && list.firstPair == [0, 0])
        let flat = Structure(species: ["C", "C", "C"],
                             positions: [SIMD3(0, 0, 0), SIMD3(1.4, 0, 0), SIMD3(2.8, 0, 0)])
        expectMatchesBruteForce(flat, cutoff: 1.5, "atoms on a line")
    }
}

func length(_ v: SIMD3<Double>) -> Double { (v * v).sum().squareRoot() }

extension SeededGenerator {
    mutating func uniform(in range: ClosedRange<Double>) -> Double {
        nextUniform(from: range.lowerBound, to: range.upperBound)
    }
}
