import ArgumentParser
import Atomistic
import Linalg
import Foundation

/// Neighbour-list build time against the number of atoms, on bcc supercells with small random
/// displacements: a linear method shows constant time per atom.
struct NeighbourBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbours",
        abstract: "Neighbour-list build time on periodic bcc supercells of growing size.")

    @Option(help: "Cutoff radius, Å.")
    var cutoff = 5.0

    @Option(help: "bcc lattice constant, Å (2.87 is iron: ~59 neighbours within 5 Å).")
    var latticeConstant = 2.87

    @Option(parsing: .upToNextOption, help: "Supercell repeats n1 n2 n3 per size, as n1xn2xn3.")
    var supercells = ["10x10x10", "10x10x20", "10x20x20", "20x20x20"]

    @Option(help: "Number of timed builds per size; the fastest is reported.")
    var `repeat` = 5

    func run() throws {
        print("atoms   pairs      pairs/atom  best ms   ns/atom")
        for text in supercells {
            let repeats = text.split(separator: "x").compactMap { Int($0) }
            guard repeats.count == 3 else { throw ValidationError("bad supercell '\(text)'") }
            let structure = bccSupercell(repeats)
            var best = Double.infinity
            var pairs = 0
            for _ in 0..<max(1, `repeat`) {
                let start = DispatchTime.now().uptimeNanoseconds
                let list = NeighbourList(structure: structure, cutoff: cutoff)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                pairs = list.count
            }
            let n = structure.atomCount
            print(String(format: "%-7d %-10d %-11.1f %-9.2f %.0f", n, pairs,
                         Double(pairs) / Double(n), best, best * 1e6 / Double(n)))
        }
    }

    /// A bcc supercell with every atom displaced by up to 0.1 Å per axis (fixed seed).
    private func bccSupercell(_ n: [Int]) -> Structure {
        var generator = SeededGenerator(seed: 42)
        var positions: [SIMD3<Double>] = []
        for i in 0..<n[0] {
            for j in 0..<n[1] {
                for k in 0..<n[2] {
                    for basis in [SIMD3<Double>(0, 0, 0), SIMD3(0.5, 0.5, 0.5)] {
                        let jitter = SIMD3(generator.nextUniform(), generator.nextUniform(),
                                           generator.nextUniform()) * 0.2 - 0.1
                        positions.append((SIMD3(Double(i), Double(j), Double(k)) + basis)
                            * latticeConstant + jitter)
                    }
                }
            }
        }
        let cell = Cell.orthorhombic(Double(n[0]) * latticeConstant,
                                     Double(n[1]) * latticeConstant,
                                     Double(n[2]) * latticeConstant)
        return Structure(species: Array(repeating: "Fe", count: positions.count),
                         positions: positions, cell: cell)
    }
}
