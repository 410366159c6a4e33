/// Where the compact local tensors of every radial channel of a descriptor live in one atom's
/// flat tensor buffer, how a pair's direction monomials of every rank are built, and how each
/// term contracts its bodies' tensors (METHOD.md sections 3 and 4). Depends on the shape only.
///
/// A channel of a rank-p body owns K_p = (p+1)(p+2)/2 compact entries (`SymmetricTensorIndex`
/// order), stored at a stride of K_p rounded up to a multiple of 4 (1 for rank 0) so that
/// kernels work in SIMD4 blocks; the padding stays zero. Channels are grouped by rank (rank 0
/// first), in term, body, component order within a rank.
struct TensorLayout {
    /// One radial channel: column `column` of term `term`'s parameters (u = k·n + q), a body of
    /// rank `rank`, whose entries start at `offset` in the tensor buffer.
    struct Channel {
        let term: Int
        let column: Int
        let rank: Int
        let offset: Int
    }

    /// One term's contraction over the tensor buffer: for component q,
    ///
    ///     D[output + q] = Σ_products count · Π_k A[offsets[k] + q·strides[k]]
    ///
    /// (`ContractionPlan`'s products, with each body's compact entry turned into an offset).
    struct Contraction {
        struct Product {
            let count: Double
            let offsets: [Int]  // [bodies]
        }
        let components: Int
        let output: Int
        let strides: [Int]      // [bodies]
        let products: [Product]
    }

    /// Monomial m_p[e] = m_{p−1}[parent] · r̂[axis] for rank p ≥ 1 (m_0 = 1), and the terms of
    /// ∂m_p[e]/∂r̂_a = count · m_{p−1}[child] (count = how often axis a occurs in entry e).
    struct MonomialRule {
        let parent: Int
        let axis: Int
    }
    struct MonomialDerivative {
        let entry: Int
        let axis: Int
        let count: Double
        let child: Int
    }

    let maxRank: Int
    /// K_p and the padded stride, for p = 0...maxRank.
    let entryCounts: [Int]
    let strides: [Int]
    /// Start of rank p's monomials in a pair's monomial buffer (each padded to its stride).
    let monomialOffsets: [Int]
    let monomialLength: Int
    let monomialRules: [[MonomialRule]]            // [rank][entry], empty for rank 0
    let monomialDerivatives: [[MonomialDerivative]]  // [rank]
    /// Every channel, grouped by rank, then by term, body and component.
    let channels: [Channel]
    /// Doubles in one atom's tensor buffer.
    let tensorLength: Int
    let contractions: [Contraction]
    let descriptorLength: Int

    init(shape: DescriptorShape) {
        maxRank = shape.terms.map(\.maximumRank).max() ?? 0
        entryCounts = (0...maxRank).map { ($0 + 1) * ($0 + 2) / 2 }
        strides = entryCounts.enumerated().map { p, k in p == 0 ? 1 : (k + 3) / 4 * 4 }
        var monomialOffsets: [Int] = [], next = 0
        for p in 0...maxRank {
            monomialOffsets.append(next)
            next += strides[p]
        }
        self.monomialOffsets = monomialOffsets
        monomialLength = next

        let indices = (0...maxRank).map { SymmetricTensorIndex(rank: $0) }
        monomialRules = (0...maxRank).map { p in
            p == 0 ? [] : indices[p].entries.map { e in
                MonomialRule(parent: indices[p - 1].entry(of: Array(e.dropLast())), axis: e.last!)
            }
        }
        monomialDerivatives = (0...maxRank).map { p in
            guard p > 0 else { return [] }
            var terms: [MonomialDerivative] = []
            for (entry, e) in indices[p].entries.enumerated() {
                for axis in 0..<3 where e.contains(axis) {
                    var child = e
                    child.remove(at: child.firstIndex(of: axis)!)
                    terms.append(MonomialDerivative(entry: entry, axis: axis, count: Double(e.filter { $0 == axis }.count),
                                                    child: indices[p - 1].entry(of: child)))
                }
            }
            return terms
        }

        // Channels by rank; bodyOffsets[t][k] = offset of component 0 of body k of term t.
        var channels: [Channel] = []
        var bodyOffsets = shape.terms.map { [Int](repeating: 0, count: $0.bodyCount) }
        var offset = 0
        for p in 0...maxRank {
            for (t, term) in shape.terms.enumerated() {
                for (k, body) in term.bodies.enumerated() where body.rank == p {
                    bodyOffsets[t][k] = offset
                    for q in 0..<term.componentCount {
                        channels.append(Channel(term: t, column: term.channel(body: k, component: q), rank: p,
                                                offset: offset))
                        offset += strides[p]
                    }
                }
            }
        }
        self.channels = channels
        tensorLength = offset

        var contractions: [Contraction] = []
        var output = 0
        let rankStrides = strides
        for (t, term) in shape.terms.enumerated() {
            let plan = ContractionPlan(term: term)
            let strides = term.bodies.map { rankStrides[$0.rank] }
            contractions.append(Contraction(
                components: term.componentCount, output: output, strides: strides,
                products: plan.products.map { product in
                    Contraction.Product(count: Double(product.count),
                                        offsets: product.entries.enumerated().map { k, e in bodyOffsets[t][k] + e })
                }))
            output += term.componentCount
        }
        self.contractions = contractions
        descriptorLength = output
    }
}
