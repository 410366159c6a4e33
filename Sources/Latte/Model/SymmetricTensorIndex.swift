/// Compact storage of symmetric rank-p tensors over x, y, z (METHOD.md section 4): an entry
/// per multiset of axes, (p+1)(p+2)/2 of them, instead of 3^p. Entry e stands for the sorted
/// axis tuple `entries[e]`; every permutation of it has the same value.
struct SymmetricTensorIndex {
    let rank: Int
    /// Sorted axis tuples (0 = x, 1 = y, 2 = z), in lexicographic order.
    let entries: [[Int]]

    init(rank: Int) {
        self.rank = rank
        var tuples: [[Int]] = [[]]
        for _ in 0..<rank {
            tuples = tuples.flatMap { t in ((t.last ?? 0)..<3).map { t + [$0] } }
        }
        entries = tuples
    }

    /// The entry holding the tensor element at `axes` (any order).
    func entry(of axes: [Int]) -> Int {
        let sorted = axes.sorted()
        return entries.firstIndex(of: sorted)!
    }
}

/// A term's contraction (METHOD.md section 4) over compact tensors: the sum over all
/// 3^c letter assignments of a product of one entry per body, with equal products merged.
///
///     D_q(i) = Σ_α Π_k A^(k,q)_{α[body_k]}(i) = Σ_(e_0..e_m-1) count · Π_k A^(k,q)[e_k]
struct ContractionPlan {
    struct Product {
        let entries: [Int]  // one compact entry per body
        let count: Int      // number of letter assignments giving this product
    }
    let products: [Product]

    init(term: DescriptorTerm) {
        let indices = term.bodies.map { SymmetricTensorIndex(rank: $0.rank) }
        var counts: [[Int]: Int] = [:]
        var order: [[Int]] = []
        let assignments = Int(pow3(term.letters.count))
        for a in 0..<assignments {
            var axes = [Int](repeating: 0, count: term.letters.count)
            var rest = a
            for slot in axes.indices { axes[slot] = rest % 3; rest /= 3 }
            let key = zip(term.bodies, indices).map { body, index in index.entry(of: body.slots.map { axes[$0] }) }
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        products = order.map { Product(entries: $0, count: counts[$0]!) }
    }
}

private func pow3(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 3 } }
