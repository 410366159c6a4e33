import Atomistic
import Linalg
import Testing

/// `PairTable` is `NeighbourList`'s pairs as flat arrays: same pairs, same order, same vectors
/// to the bit, for any thread count.
struct PairTableTests {
    func expectSame(_ structure: Structure, cutoff: Double, threads: Int, _ label: String) {
        let list = NeighbourList(structure: structure, cutoff: cutoff)
        let table = PairTable(structure: structure, cutoff: cutoff, threads: threads)
        #expect(table.centres == list.centers, "\(label): centres")
        #expect(table.neighbours == list.neighbours, "\(label): neighbours")
        #expect(table.vectors == list.vectors.flatMap { [$0.x, $0.y, $0.z] }, "\(label): vectors")
    }

    @Test func matchesTheNeighbourListOnDatasetsAndLargeCells() throws {
        for structure in try ExtXYZ.read(path: dataset("silicon/test.xyz")).prefix(5) {
            expectSame(structure, cutoff: 5, threads: 2, "silicon")
        }
        var random = SeededGenerator(seed: 7)
        var positions: [SIMD3<Double>] = []
        for i in 0..<8 { for j in 0..<8 { for k in 0..<8 {
            positions.append(3.1 * SIMD3(Double(i), Double(j), Double(k))
                             + SIMD3(random.nextUniform(), random.nextUniform(), random.nextUniform()) * 0.3)
        } } }
        let cell = Structure(species: Array(repeating: "W", count: positions.count), positions: positions,
                             cell: .orthorhombic(24.8, 24.8, 24.8))
        for threads in [1, 2, 3] { expectSame(cell, cutoff: 5, threads: threads, "512 atoms, \(threads) threads") }
        var molecule = cell
        molecule.cell = nil
        molecule.pbc = [false, false, false]
        expectSame(molecule, cutoff: 4, threads: 2, "512 atoms without a cell")
    }
}
