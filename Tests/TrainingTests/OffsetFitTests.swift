import Linalg
import Testing
import Training

@Suite struct OffsetFitTests {
    @Test func recoversExactOffsetsFromRandomCompositions() throws {
        var generator = SeededGenerator(seed: 17)
        let offsets = [-13.6, -1029.4, -2041.9, -0.25]
        let structures = 25
        let counts = Matrix(rows: structures, cols: offsets.count) { _, _ in Double(generator.next() % 12) }
        let energies = (0..<structures).map { s in (0..<offsets.count).reduce(0.0) { $0 + counts[s, $1] * offsets[$1] } }
        let fitted = try OffsetFit.leastSquares(counts: counts, energies: energies)
        #expect(fitted.count == offsets.count)
        for k in offsets.indices {
            #expect(isClose(fitted[k], offsets[k], tolerance: 1e-10), "species \(k): \(fitted[k])")
        }
    }

    @Test func noisyEnergiesGiveTheNormalEquationsSolution() throws {
        // Three structures, two species: solve NᵀN e = NᵀE by hand.
        let counts = Matrix([[1, 0], [1, 1], [1, 2]])
        let energies = [1.0, 2.0, 4.0]
        // NᵀN = [[3, 3], [3, 5]], NᵀE = [7, 10]: e = (5/6, 3/2).
        let fitted = try OffsetFit.leastSquares(counts: counts, energies: energies)
        #expect(isClose(fitted[0], 5.0 / 6))
        #expect(isClose(fitted[1], 1.5))
    }

    @Test func singleCompositionGivesTheMinimumNormSolution() throws {
        // Ethanol only: every structure is C2H6O (species order C, H, O).
        let composition = [2.0, 6.0, 1.0]
        let energies = [-4200.1, -4200.3, -4199.8, -4200.6]
        let counts = Matrix(rows: energies.count, cols: 3) { _, k in composition[k] }
        let fitted = try OffsetFit.leastSquares(counts: counts, energies: energies)
        let mean = energies.reduce(0, +) / Double(energies.count)
        for k in 0..<3 {
            #expect(isClose(fitted[k], mean * composition[k] / 41, tolerance: 1e-10), "species \(k): \(fitted[k])")
        }
    }

    @Test func proportionalCompositionsAreStillRankOne() throws {
        // Ethanol monomers, dimers, trimers, ...: every row a multiple c_s of n = (2, 6, 1). The
        // rounding in the SVD leaves a second singular value near 1e-16 of the first, which a
        // cutoff at machine epsilon would keep, blowing the offsets up.
        let composition = [2.0, 6.0, 1.0]
        for seed: UInt64 in 1...20 {
            var generator = SeededGenerator(seed: seed)
            let multiples = (0..<200).map { _ in Double(1 + generator.next() % 4) }
            let energies = multiples.map { $0 * -4200 + generator.nextNormal(mean: 0, standardDeviation: 0.1) }
            let counts = Matrix(rows: multiples.count, cols: 3) { s, k in multiples[s] * composition[k] }
            let fitted = try OffsetFit.leastSquares(counts: counts, energies: energies)
            // e = α n with α minimising Σ (E_s − c_s α ‖n‖²)².
            let alpha = zip(multiples, energies).reduce(0) { $0 + $1.0 * $1.1 } / (41 * multiples.reduce(0) { $0 + $1 * $1 })
            for k in 0..<3 {
                #expect(isClose(fitted[k], alpha * composition[k], tolerance: 1e-9), "seed \(seed), species \(k): \(fitted[k])")
            }
        }
    }

    @Test func absentSpeciesGetZero() throws {
        let counts = Matrix([[1, 0, 2], [3, 0, 1]])
        let fitted = try OffsetFit.leastSquares(counts: counts, energies: [-5, -5])
        #expect(abs(fitted[1]) < 1e-12)
        #expect(isClose(fitted[0], -1))
        #expect(isClose(fitted[2], -2))
    }

    @Test func refusesInputItCannotFit() {
        #expect(throws: OffsetFitError.noStructures) {
            try OffsetFit.leastSquares(counts: Matrix(rows: 0, cols: 3), energies: [])
        }
        #expect(throws: OffsetFitError.noSpecies) {
            try OffsetFit.leastSquares(counts: Matrix(rows: 2, cols: 0), energies: [1, 2])
        }
        #expect(throws: OffsetFitError.countMismatch(structures: 2, energies: 3)) {
            try OffsetFit.leastSquares(counts: Matrix([[1], [2]]), energies: [1, 2, 3])
        }
        #expect(throws: OffsetFitError.self) {
            try OffsetFit.leastSquares(counts: Matrix([[1], [2]]), energies: [1, .nan])
        }
        #expect("\(OffsetFitError.noStructures)".contains("no training structures"))
    }
}
