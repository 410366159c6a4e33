/// What `RadialChannelOperation.evaluate` computes for one block of pairs before it sums the
/// terms (METHOD.md section 2), as named rows of block·n elements (element e = i·n + u: pair i
/// of the block, channel u), and the per-parameter and per-term tables the block loop reads.
/// Owns its buffers (two allocations: the doubles, the term factors); made once per `evaluate`.
///
/// A term κ·φ⁽ʲ⁾(y)·yˢ·(1/w)ᵃ·(1/c)ᵇ multiplies the rows `phi(j)`, `yPower(s)`,
/// `inverseWidthPower(a)` and `inverseCentrePower(b)`; `termFactors` holds those four rows per
/// term. Every row starts at 1, so the zeroth powers, never written, are 1.
final class RadialChannelWorkspace {
    /// block·n, the length of every row.
    let length: Int
    /// The rows [rowCount, block·n], then 1/w, 1/c and κ.
    private let storage: UnsafeMutablePointer<Double>

    let sigma: UnsafeMutablePointer<Double>        // σ(s_i, s_j) of each element  [block·n]
    let multiplier: UnsafeMutablePointer<Double>   // M  [block·n]
    let y: UnsafeMutablePointer<Double>            // y = (r − c)·(1/w)  [block·n]
    let t: UnsafeMutablePointer<Double>            // t = max(0, 1 − y²)  [block·n]
    let mask: UnsafeMutablePointer<Double>         // 1 where |y| < 1, else 0  [block·n]
    let accumulator: UnsafeMutablePointer<Double>  // one expression's Σ of terms  [block·n]

    /// 1/w and 1/c of every radial parameter, taken once per parameter.
    let inverseWidths: UnsafeMutablePointer<Double>   // [radial rows, U]
    let inverseCentres: UnsafeMutablePointer<Double>  // [radial rows, U]
    /// Per term, the four rows it multiplies (φ⁽ʲ⁾, yˢ, (1/w)ᵃ, (1/c)ᵇ).
    let termFactors: UnsafeMutablePointer<UnsafeMutablePointer<Double>>  // [terms, 4]
    let coefficients: UnsafeMutablePointer<Double>                       // κ  [terms]

    // Row numbers: (unused), σ, M, y, t, mask, accumulator, φ⁽⁰⁾…φ⁽ᴶ⁾, y⁰…, (1/w)⁰…, (1/c)⁰…,
    // with room for at least the first power of each (where y, 1/w and 1/c are gathered).
    private let phiRow: Int, yPowerRow: Int, inverseWidthRow: Int, inverseCentreRow: Int

    /// Rows for `terms` over blocks of `length` elements, and 1/w, 1/c of `widths` and `centres`.
    init(terms: [RadialExpression.Term], length: Int, widths: [Double], centres: [Double]) {
        self.length = length
        let maxJ = terms.map(\.j).max() ?? 0, maxS = terms.map(\.s).max() ?? 0
        let maxA = terms.map(\.a).max() ?? 0, maxB = terms.map(\.b).max() ?? 0
        phiRow = 7
        yPowerRow = phiRow + maxJ + 1
        inverseWidthRow = yPowerRow + max(maxS, 1) + 1
        inverseCentreRow = inverseWidthRow + max(maxA, 1) + 1
        let rowCount = inverseCentreRow + max(maxB, 1) + 1
        let rowElements = rowCount * length
        let base = UnsafeMutablePointer<Double>.allocate(capacity: max(rowElements + widths.count + centres.count
                                                                       + terms.count, 1))
        base.initialize(repeating: 1, count: rowElements)
        let inverseWidths = base + rowElements, inverseCentres = inverseWidths + widths.count
        let coefficients = inverseCentres + centres.count
        for (k, width) in widths.enumerated() { inverseWidths[k] = 1 / width }
        for (k, centre) in centres.enumerated() { inverseCentres[k] = 1 / centre }
        for (k, term) in terms.enumerated() { coefficients[k] = term.coefficient }
        storage = base
        sigma = base + 1 * length
        multiplier = base + 2 * length
        y = base + 3 * length
        t = base + 4 * length
        mask = base + 5 * length
        accumulator = base + 6 * length
        self.inverseWidths = inverseWidths
        self.inverseCentres = inverseCentres
        self.coefficients = coefficients
        termFactors = .allocate(capacity: max(4 * terms.count, 1))
        for (k, term) in terms.enumerated() {
            let factors = termFactors + 4 * k
            factors[0] = phi(term.j)
            factors[1] = yPower(term.s)
            factors[2] = inverseWidthPower(term.a)
            factors[3] = inverseCentrePower(term.b)
        }
    }

    deinit {
        storage.deallocate()
        termFactors.deallocate()
    }

    private func row(_ k: Int) -> UnsafeMutablePointer<Double> { storage + k * length }

    /// φ⁽ʲ⁾(y), the j-th derivative of φ(y) = t³, zero outside |y| < 1.  // [block·n]
    func phi(_ j: Int) -> UnsafeMutablePointer<Double> { row(phiRow + j) }
    /// yˢ.  // [block·n]
    func yPower(_ s: Int) -> UnsafeMutablePointer<Double> { row(yPowerRow + s) }
    /// (1/w)ᵃ; the first power is gathered from `inverseWidths`.  // [block·n]
    func inverseWidthPower(_ a: Int) -> UnsafeMutablePointer<Double> { row(inverseWidthRow + a) }
    /// (1/c)ᵇ; the first power is gathered from `inverseCentres`.  // [block·n]
    func inverseCentrePower(_ b: Int) -> UnsafeMutablePointer<Double> { row(inverseCentreRow + b) }
}
