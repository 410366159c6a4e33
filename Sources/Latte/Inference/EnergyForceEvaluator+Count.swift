extension EnergyForceEvaluator {
    /// Floating-point operations of one `evaluate` of a batch, counted from the algorithm (what
    /// must be computed, not the SIMD padding the kernels also compute): additions,
    /// subtractions, multiplications, divisions, square roots, max and exp each count as one;
    /// index arithmetic and copies count nothing. Per pair (r, r̂ and the monomials are built
    /// twice, forward and backward; n_p the listed channels of rank p in the pair's distance bin,
    /// L their number, K_p = (p+1)(p+2)/2):
    ///
    ///     geometry     2 × (9 + monomial rules)       r = √(v·v), r̂ = v/r, m_p = m_{p−1}·r̂_a
    ///     radial       8·L forward, 12·L backward     g; g and g′
    ///     tensors      Σ_p n_p·2K_p (rank 0: n_0)     A_u += g_u m
    ///     adjoint      Σ_p n_p·4K_p + 2K_p (rank 0: 2n_0)   m̄ += g Ā, S += g′ Ā, S·m
    ///     direction    3 per monomial-derivative term, 20 for G, 6 for the force scatter
    ///
    /// per atom: the contraction (per product, m − 1 products, a count multiply unless the
    /// count is 1, one addition) and its adjoint (1 + 3(m − 1)·… as in `contractionGradient`:
    /// 2 for one body, 5 for two, 10 for three), and the network: 2·in·out + out per layer
    /// forward, 3 per hidden unit for the activation (−z², exp) and its derivative (3), and
    /// 2·in·out per layer backward except the last.
    public struct OperationCount: Sendable {
        public var pairs = 0.0
        public var atoms = 0.0
        public var total: Double { pairs + atoms }
    }

    /// The operations of `evaluate(batch)` (see `OperationCount`).
    public func operationCount(_ batch: BatchGeometry) -> OperationCount {
        var count = OperationCount()
        let layout = tables.layout
        let rules = Double(tables.ruleCount)
        let directionTerms = Double(tables.derivativeEnds.2)
        let vectors = batch.vectors.storage
        for p in 0..<batch.pairCount {
            let v = SIMD3(vectors[3 * p], vectors[3 * p + 1], vectors[3 * p + 2])
            let r = (v * v).sum().squareRoot()
            let list = batch.atomSpecies[batch.pairCentres[p]] * tables.binCount + tables.bin(of: r)
            let ends = (0..<tables.rankCount).map { tables.segmentEnds.pointer[list * tables.rankCount + $0] }
            var pair = 2 * (9 + rules) + 20 * Double(ends.last ?? 0) + 3 * directionTerms + 20 + 6
            var previous = 0
            for (rank, end) in ends.enumerated() {
                let n = Double(end - previous), k = Double(layout.entryCounts[rank])
                pair += rank == 0 ? 3 * n : n * 6 * k + 2 * k
                previous = end
            }
            count.pairs += pair
        }
        var perAtom = [Double](repeating: 0, count: networks.count)
        for s in networks.indices {
            var ops = 0.0
            for term in tables.terms {
                let m = Double(term.bodies), body = [2.0, 5, 10][min(term.bodies, 3) - 1]
                for j in 0..<term.productCount {
                    let weighted = tables.productCounts.pointer[term.productStart + j] == 1 ? 0.0 : 1.0
                    ops += Double(term.components) * ((m - 1) + weighted + 1 + body)
                }
            }
            let network = networks[s]
            var inputs = Double(network.inputSize)
            for (l, size) in network.sizes.enumerated() {
                let out = Double(size)
                ops += 2 * inputs * out + out
                if l < network.sizes.count - 1 { ops += 6 * out + 2 * inputs * out }
                inputs = out
            }
            perAtom[s] = ops
        }
        count.atoms = batch.atomSpecies.reduce(0) { $0 + perAtom[$1] }
        return count
    }
}
