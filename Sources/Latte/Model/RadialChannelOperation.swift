import Autodiff
import Linalg

/// The radial channels of one body (METHOD.md section 2) and all their derivatives as two
/// fused tape operations, reading the term's parameter matrices σ [S·S or S, U], c and w
/// [S or 1, U] directly through each pair's rows (no per-pair copies of the parameters, no
/// division per element: 1/c and 1/w are taken once per parameter):
///
///     pairs       O[p, u] = M[p, u] · e(r_p; σ, c, w)[p, u]                       [P, n]
///     parameters  Θ[ρ, U₀ + u] = Σ_{p: row(p) = ρ} M[p, u] · e(r_p; σ, c, w)[p, u]  [rows, U]
///
/// for a `RadialExpression` e (g itself or a partial derivative of it), the channels
/// U₀..<U₀+n of the body, and an optional multiplier M (all ones when absent). `parameters`
/// sums onto the rows of σ (target `.weights`) or of c and w (`.radial`). Each backward rule
/// records these two operations with partial expressions, so both differentiate to any order:
///
///     pairs:       M̄ = pairs(e; ḡ),  r̄ = Σ_u pairs(∂_r e; ḡM),  θ̄ = parameters(∂_θ e; ḡM)
///     parameters:  with V = Θ̄ gathered to pairs,  M̄ = pairs(e; V),  r̄ = Σ_u pairs(∂_r e; MV),
///                  θ̄ = parameters(∂_θ e; MV)
struct RadialChannelOperation {
    enum Target { case weights, radial }

    let channels: Range<Int>
    let weightRows: [Int]   // [P]
    let radialRows: [Int]   // [P]

    init(channels: Range<Int>, rows: RadialChannels.PairRows) {
        self.channels = channels
        weightRows = rows.weightRows
        radialRows = rows.radialRows
    }

    /// M ⊙ e for every pair and channel (M = 1 when nil).  // [P, n]
    func pairs(_ e: RadialExpression, r: Variable, sigma: Variable, c: Variable, w: Variable,
               multiplier: Variable? = nil, value known: Matrix? = nil) -> Variable {
        let value = known ?? evaluate([(e, .pairs)], r: r.value, sigma: sigma.value, c: c.value, w: w.value,
                                      multiplier: multiplier?.value)[0]
        let op = self
        let inputs = [r, sigma, c, w] + (multiplier.map { [$0] } ?? [])
        return r.tape.record(value, inputs: inputs) { g, x, _, needed in
            let weight = x.count > 4 ? g * x[4] : g
            var result = op.partials(e, x, weight: weight, needed: needed)
            if x.count > 4 { result.append(needed[4] ? op.pairs(e, r: x[0], sigma: x[1], c: x[2], w: x[3], multiplier: g) : nil) }
            return result
        }
    }

    /// Σ over the pairs of each row of `target` of M ⊙ e, in the body's columns.  // [rows, U]
    func parameters(_ e: RadialExpression, target: Target, r: Variable, sigma: Variable, c: Variable, w: Variable,
                    multiplier: Variable, value known: Matrix? = nil) -> Variable {
        let rows = target == .weights ? weightRows : radialRows
        let value = known ?? evaluate([(e, target == .weights ? .weights : .radial)], r: r.value, sigma: sigma.value,
                                      c: c.value, w: w.value, multiplier: multiplier.value)[0]
        let op = self
        return r.tape.record(value, inputs: [r, sigma, c, w, multiplier]) { g, x, _, needed in
            let v = g.columns(op.channels).gatheringRows(rows)  // [P, n]
            var result = op.partials(e, x, weight: x[4] * v, needed: needed)
            result.append(needed[4] ? op.pairs(e, r: x[0], sigma: x[1], c: x[2], w: x[3], multiplier: v) : nil)
            return result
        }
    }

    /// Gradients with respect to r, σ, c, w of Σ weight ⊙ e, the needed partials evaluated
    /// together in one pass over the pairs.
    private func partials(_ e: RadialExpression, _ x: [Variable], weight: Variable, needed: [Bool]) -> [Variable?] {
        func some(_ e: RadialExpression?) -> RadialExpression? { e.flatMap { $0.terms.isEmpty ? nil : $0 } }
        let wanted: [(RadialExpression, Destination)?] = [
            needed[0] ? some(e.derivativeR).map { ($0, .pairs) } : nil,
            needed[1] ? some(e.derivativeSigma).map { ($0, .weights) } : nil,
            needed[2] ? some(e.derivativeC).map { ($0, .radial) } : nil,
            needed[3] ? some(e.derivativeW).map { ($0, .radial) } : nil,
        ]
        var values = evaluate(wanted.compactMap { $0 }, r: x[0].value, sigma: x[1].value, c: x[2].value,
                              w: x[3].value, multiplier: weight.value).makeIterator()
        return wanted.enumerated().map { k, item in
            guard let (partial, _) = item else { return nil }
            let value = values.next()!
            if k == 0 {
                return pairs(partial, r: x[0], sigma: x[1], c: x[2], w: x[3], multiplier: weight, value: value)
                    .sumOverColumns()
            }
            return parameters(partial, target: k == 1 ? .weights : .radial, r: x[0], sigma: x[1], c: x[2], w: x[3],
                              multiplier: weight, value: value)
        }
    }

    /// Where an evaluated expression goes: per pair [P, n], or summed onto the rows of σ or
    /// of c and w, in the body's columns [rows, U].
    enum Destination { case pairs, weights, radial }

    /// M ⊙ e for each of `expressions` into its destination, in one pass over the pairs, in
    /// blocks of `block` pairs so that every loop below runs over block·n elements (the rows of
    /// `RadialChannelWorkspace`). Per block (METHOD.md section 2): gather each element's c,
    /// 1/w, 1/c (taken once per parameter) and σ (M is read where it is); then
    /// y = (r − c)·(1/w), the mask |y| < 1, t = 1 − y² (0 outside), the needed φ⁽ʲ⁾ written
    /// with t (zero outside the support), the powers of y, 1/w and 1/c; each expression's
    /// terms are sums of products of those rows, scaled by σ and M and written or summed into
    /// the destination.
    private func evaluate(_ expressions: [(RadialExpression, Destination)], r: Matrix, sigma: Matrix, c: Matrix,
                          w: Matrix, multiplier: Matrix?) -> [Matrix] {
        let n = channels.count, first = channels.lowerBound, width = c.cols, sigmaWidth = sigma.cols
        let pairs = weightRows.count, block = 32
        let terms = expressions.flatMap(\.0.terms)
        var ends: [Int] = [], total = 0
        for (e, _) in expressions { total += e.terms.count; ends.append(total) }
        let maxJ = terms.map(\.j).max() ?? 0, maxS = terms.map(\.s).max() ?? 0
        let maxA = terms.map(\.a).max() ?? 0, maxB = terms.map(\.b).max() ?? 0
        let weighted = expressions.map(\.0.weighted)
        let anyWeighted = weighted.contains(true)
        let workspace = RadialChannelWorkspace(terms: terms, length: block * n, widths: w.storage, centres: c.storage)
        // One zeroed array per output (at most four: ∂/∂r, σ, c, w), written in place.
        precondition(expressions.count <= 4, "RadialChannelOperation: at most four expressions at once")
        let shapes = expressions.map { _, destination -> Shape in
            switch destination {
            case .pairs: return Shape(pairs, n)
            case .weights: return Shape(sigma.rows, sigmaWidth)
            case .radial: return Shape(c.rows, width)
            }
        }
        var outputs = shapes.map { [Double](repeating: 0, count: $0.rows * $0.cols) }
        let destinations = expressions.map(\.1)
        let hasMultiplier = (multiplier?.storage.count ?? 0) > 0
        PinnedArrays.reading([r.storage, sigma.storage, c.storage, multiplier?.storage ?? []]) { inputs in
        PinnedArrays.writing(&outputs) { outputs in
            let distances = inputs[0]          // r  [P]
            let sigmaValues = inputs[1]        // σ  [S·S or S, U]
            let centres = inputs[2]            // c  [S or 1, U]
            let multipliers = inputs[3]        // M  [P, n] (unread when absent)
            let inverseWidths = workspace.inverseWidths, inverseCentres = workspace.inverseCentres
            let sigmaElements = workspace.sigma
            let y = workspace.y, t = workspace.t, mask = workspace.mask, accumulator = workspace.accumulator
            let widthElements = workspace.inverseWidthPower(1), centreElements = workspace.inverseCentrePower(1)
            let termFactors = workspace.termFactors, termFactorCounts = workspace.termFactorCounts
            let coefficients = workspace.coefficients
            for lower in stride(from: 0, to: pairs, by: block) {
                let count = min(block, pairs - lower), m = count * n
                for i in 0..<count {
                    let p = lower + i, k = i * n
                    let radial = radialRows[p] * width + first, weight = weightRows[p] * sigmaWidth + first
                    // Plain loops over local pointers, not memcpy: n is small, and a call per row
                    // costs more than the copy.
                    let c0 = centres + radial, w0 = inverseWidths + radial, i0 = inverseCentres + radial
                    let rv = distances[p], yk = y + k, wk = widthElements + k, ik = centreElements + k
                    for u in 0..<n { yk[u] = (rv - c0[u]) * w0[u] }
                    if maxA > 0 { for u in 0..<n { wk[u] = w0[u] } }
                    if maxB > 0 { for u in 0..<n { ik[u] = i0[u] } }
                    if anyWeighted {
                        let s0 = sigmaValues + weight, sk = sigmaElements + k
                        for u in 0..<n { sk[u] = s0[u] }
                    }
                }
                let blockMultipliers = multipliers + lower * n  // M of the block's elements  [count·n]
                for e in 0..<m {
                    let y2 = y[e] * y[e]
                    t[e] = Swift.max(0, 1 - y2)
                    mask[e] = y2 < 1 ? 1 : 0
                }
                var any = false
                for e in 0..<m where mask[e] != 0 { any = true; break }
                guard any else { continue }
                for j in 0...maxJ {
                    let phi = workspace.phi(j)
                    switch j {
                    case 0: for e in 0..<m { phi[e] = t[e] * t[e] * t[e] }
                    case 1: for e in 0..<m { phi[e] = -6 * y[e] * (t[e] * t[e]) }
                    case 2: for e in 0..<m { phi[e] = t[e] * (24 * (y[e] * y[e]) - 6 * t[e]) }
                    case 3: for e in 0..<m { phi[e] = mask[e] * (y[e] * (72 * t[e] - 48 * (y[e] * y[e]))) }
                    case 4: for e in 0..<m { phi[e] = mask[e] * (72 * t[e] - 288 * (y[e] * y[e])) }
                    case 5: for e in 0..<m { phi[e] = mask[e] * (-720 * y[e]) }
                    case 6: for e in 0..<m { phi[e] = mask[e] * -720 }
                    default: for e in 0..<m { phi[e] = 0 }
                    }
                }
                if maxS > 0 { workspace.yPower(1).update(from: y, count: m) }
                for k in 1..<max(maxS, 1) {
                    let a = workspace.yPower(k), b = workspace.yPower(k + 1)
                    for e in 0..<m { b[e] = a[e] * y[e] }
                }
                for k in 1..<max(maxA, 1) {
                    let a = workspace.inverseWidthPower(k), b = workspace.inverseWidthPower(k + 1)
                    for e in 0..<m { b[e] = a[e] * widthElements[e] }
                }
                for k in 1..<max(maxB, 1) {
                    let a = workspace.inverseCentrePower(k), b = workspace.inverseCentrePower(k + 1)
                    for e in 0..<m { b[e] = a[e] * centreElements[e] }
                }
                var term = 0
                for k in 0..<expressions.count {
                    for e in 0..<m { accumulator[e] = 0 }
                    while term < ends[k] {
                        let f = termFactors + 4 * term, coefficient = coefficients[term]
                        let f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3]
                        switch termFactorCounts[term] {
                        case 1: for e in 0..<m { accumulator[e] += coefficient * f0[e] }
                        case 2: for e in 0..<m { accumulator[e] += coefficient * f0[e] * f1[e] }
                        case 3: for e in 0..<m { accumulator[e] += coefficient * f0[e] * f1[e] * f2[e] }
                        default: for e in 0..<m { accumulator[e] += coefficient * f0[e] * f1[e] * f2[e] * f3[e] }
                        }
                        term += 1
                    }
                    if weighted[k] { for e in 0..<m { accumulator[e] *= sigmaElements[e] } }
                    if hasMultiplier { for e in 0..<m { accumulator[e] *= blockMultipliers[e] } }
                    switch destinations[k] {
                    case .pairs:
                        let o = outputs[k] + lower * n
                        for e in 0..<m { o[e] = accumulator[e] }
                    case .weights, .radial:
                        let rows = destinations[k] == .weights ? weightRows : radialRows
                        let rowWidth = destinations[k] == .weights ? sigmaWidth : width
                        var i = 0
                        while i < count {
                            // Pairs i..<end add onto one row: in pair order, four at a time,
                            // so that the row is loaded and stored once per four pairs.
                            let row = rows[lower + i]
                            var end = i + 1
                            while end < count && rows[lower + end] == row { end += 1 }
                            let o = outputs[k] + row * rowWidth + first
                            var q = i
                            while q + 4 <= end {
                                let a0 = accumulator + q * n, a1 = a0 + n, a2 = a1 + n, a3 = a2 + n
                                for u in 0..<n { o[u] = (((o[u] + a0[u]) + a1[u]) + a2[u]) + a3[u] }
                                q += 4
                            }
                            while q < end {
                                let a0 = accumulator + q * n
                                for u in 0..<n { o[u] += a0[u] }
                                q += 1
                            }
                            i = end
                        }
                    }
                }
            }
        } }
        return zip(shapes, outputs).map { Matrix(rows: $0.rows, cols: $0.cols, storage: $1) }
    }
}
