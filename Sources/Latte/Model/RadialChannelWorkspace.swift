/// What `RadialChannelOperation.evaluate` computes for one block of pairs before it sums the
/// terms (METHOD.md section 2), as named rows of block·n elements (element e = i·n + u: pair i
/// of the block, channel u), and the per-parameter and per-term tables the block loop reads.
/// Owns its buffers (three allocations: the doubles, the term factors, their counts); made once
/// per `evaluate`.
///
/// A term κ·φ⁽ʲ⁾(y)·yˢ·(1/w)ᵃ·(1/c)ᵇ multiplies the rows `phi(j)`, `yPower(s)`,
/// `inverseWidthPower(a)` and `inverseCentrePower(b)` in that order, leaving out the zeroth
/// powers (a product by 1 is exact, so the value is the same): `termFactors` holds the rows a
/// term multiplies, `termFactorCounts` how many (1 to 4).
final class RadialChannelWorkspace {
    /// block·n, the length of every row.
    let length: Int
    /// The rows [rowCount, block·n], then 1/w, 1/c and κ.
    private let storage: UnsafeMutablePointer<Double>

    let sigma: UnsafeMutablePointer<Double>        // σ(s_i, s_j) of each element  [block·n]
    let y: UnsafeMutablePointer<Double>            // y = (r − c)·(1/w)  [block·n]
    let t: UnsafeMutablePointer<Double>            // t = max(0, 1 − y²)  [block·n]
    let mask: UnsafeMutablePointer<Double>         // 1 where |y| < 1, else 0  [block·n]
    let accumulator: UnsafeMutablePointer<Double>  // one expression's Σ of terms  [block·n]

    /// 1/w and 1/c of every radial parameter, taken once per parameter.
    let inverseWidths: UnsafeMutablePointer<Double>   // [radial rows, U]
    let inverseCentres: UnsafeMutablePointer<Double>  // [radial rows, U]
    /// Per term, the rows it multiplies (φ⁽ʲ⁾, then those of yˢ, (1/w)ᵃ, (1/c)ᵇ with a
    /// positive power), and how many there are.
    let termFactors: UnsafeMutablePointer<UnsafeMutablePointer<Double>>  // [terms, 4]
    let termFactorCounts: UnsafeMutablePointer<Int>                      // [terms]
    let coefficients: UnsafeMutablePointer<Double>                       // κ  [terms]

    // Row numbers: σ, y, t, mask, accumulator, φ⁽⁰⁾…φ⁽ᴶ⁾, y¹…, (1/w)¹…, (1/c)¹…, with room for
    // at least the first power of each (where y, 1/w and 1/c are gathered).
    private let phiRow: Int, yPowerRow: Int, inverseWidthRow: Int, inverseCentreRow: Int

    /// Rows for `terms` over blocks of `length` elements, and 1/w, 1/c of `widths` and `centres`.
    init(terms: [RadialExpression.Term], length: Int, widths: [Double], centres: [Double]) {
        self.length = length
        let maxJ = terms.map(\.j).max() ?? 0, maxS = terms.map(\.s).max() ?? 0
        let maxA = terms.map(\.a).max() ?? 0, maxB = terms.map(\.b).max() ?? 0
        phiRow = 5
        yPowerRow = phiRow + maxJ + 1
        inverseWidthRow = yPowerRow + max(maxS, 1)
        inverseCentreRow = inverseWidthRow + max(maxA, 1)
        let rowCount = inverseCentreRow + max(maxB, 1)
        let rowElements = rowCount * length
        let base = UnsafeMutablePointer<Double>.allocate(capacity: max(rowElements + widths.count + centres.count
                                                                       + terms.count, 1))
        let inverseWidths = base + rowElements, inverseCentres = inverseWidths + widths.count
        let coefficients = inverseCentres + centres.count
        for (k, width) in widths.enumerated() { inverseWidths[k] = 1 / width }
        for (k, centre) in centres.enumerated() { inverseCentres[k] = 1 / centre }
        for (k, term) in terms.enumerated() { coefficients[k] = term.coefficient }
        storage = base
        sigma = base
        y = base + 1 * length
        t = base + 2 * length
        mask = base + 3 * length
        accumulator = base + 4 * length
        self.inverseWidths = inverseWidths
        self.inverseCentres = inverseCentres
        self.coefficients = coefficients
        termFactors = .allocate(capacity: max(4 * terms.count, 1))
        termFactors.initialize(repeating: base, count: 4 * terms.count)
        termFactorCounts = .allocate(capacity: max(terms.count, 1))
        for (k, term) in terms.enumerated() {
            let factors = termFactors + 4 * k
            var count = 1
            factors[0] = phi(term.j)
            if term.s > 0 { factors[count] = yPower(term.s); count += 1 }
            if term.a > 0 { factors[count] = inverseWidthPower(term.a); count += 1 }
            if term.b > 0 { factors[count] = inverseCentrePower(term.b); count += 1 }
            termFactorCounts[k] = count
        }
    }

    deinit {
        storage.deallocate()
        termFactors.deallocate()
        termFactorCounts.deallocate()
    }

    private func row(_ k: Int) -> UnsafeMutablePointer<Double> { storage + k * length }

    /// φ⁽ʲ⁾(y), the j-th derivative of φ(y) = t³, zero outside |y| < 1.  // [block·n]
    func phi(_ j: Int) -> UnsafeMutablePointer<Double> { row(phiRow + j) }
    /// yˢ, s ≥ 1.  // [block·n]
    func yPower(_ s: Int) -> UnsafeMutablePointer<Double> { row(yPowerRow + s - 1) }
    /// (1/w)ᵃ, a ≥ 1; the first power is gathered from `inverseWidths`.  // [block·n]
    func inverseWidthPower(_ a: Int) -> UnsafeMutablePointer<Double> { row(inverseWidthRow + a - 1) }
    /// (1/c)ᵇ, b ≥ 1; the first power is gathered from `inverseCentres`.  // [block·n]
    func inverseCentrePower(_ b: Int) -> UnsafeMutablePointer<Double> { row(inverseCentreRow + b - 1) }
}
