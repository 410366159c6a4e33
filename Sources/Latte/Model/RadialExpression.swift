import Autodiff
import Linalg

/// A radial channel and any of its partial derivatives, as one fused tape operation per
/// expression (METHOD.md section 2). With y = (r − c)/w and φ(y) = max(0, 1 − y²)³,
///
///     g(r; σ, c, w) = σ · φ(y) / c²
///
/// and every partial derivative of g with respect to r, c, w and σ is a sum of terms
///
///     coefficient · φ⁽ʲ⁾(y) · yˢ · w⁻ᵃ · c⁻ᵇ     (times σ when `weighted`)
///
/// because ∂y/∂r = 1/w, ∂y/∂c = −1/w and ∂y/∂w = −y/w. An expression's backward rule records
/// the expressions of its partials (computed here, symbolically, when the rule runs), so
/// channels can be differentiated to any order: forces need ∂g/∂r, training on forces the
/// partials of ∂g/∂r with respect to c, w and σ.
///
/// φ⁽ʲ⁾ is the polynomial for |y| < 1 and 0 outside (φ is C², and this is also what the
/// tape's max(0, ·) gives: its mask is a constant).
struct RadialExpression: Hashable, Sendable {
    struct Term: Hashable, Sendable {
        var coefficient: Double
        var j: Int  // order of φ's derivative
        var s: Int  // power of y
        var a: Int  // power of 1/w
        var b: Int  // power of 1/c
    }
    var terms: [Term]
    var weighted: Bool

    /// g itself: σ φ(y) / c².
    static let channel = RadialExpression(terms: [Term(coefficient: 1, j: 0, s: 0, a: 0, b: 2)], weighted: true)

    /// ∂/∂r.
    var derivativeR: RadialExpression {
        var result: [Term] = []
        for t in terms {
            result.append(Term(coefficient: t.coefficient, j: t.j + 1, s: t.s, a: t.a + 1, b: t.b))
            if t.s > 0 { result.append(Term(coefficient: t.coefficient * Double(t.s), j: t.j, s: t.s - 1, a: t.a + 1, b: t.b)) }
        }
        return RadialExpression(merging: result, weighted: weighted)
    }

    /// ∂/∂c: −∂/∂r through y, and −b·c⁻ᵇ⁻¹ from the power of c.
    var derivativeC: RadialExpression {
        var result = derivativeR.terms.map { Term(coefficient: -$0.coefficient, j: $0.j, s: $0.s, a: $0.a, b: $0.b) }
        for t in terms where t.b > 0 {
            result.append(Term(coefficient: -Double(t.b) * t.coefficient, j: t.j, s: t.s, a: t.a, b: t.b + 1))
        }
        return RadialExpression(merging: result, weighted: weighted)
    }

    /// ∂/∂w: ∂y/∂w = −y/w, and −a·w⁻ᵃ⁻¹ from the power of w.
    var derivativeW: RadialExpression {
        var result: [Term] = []
        for t in terms {
            result.append(Term(coefficient: -t.coefficient, j: t.j + 1, s: t.s + 1, a: t.a + 1, b: t.b))
            if t.s + t.a > 0 {
                result.append(Term(coefficient: -Double(t.s + t.a) * t.coefficient, j: t.j, s: t.s, a: t.a + 1, b: t.b))
            }
        }
        return RadialExpression(merging: result, weighted: weighted)
    }

    /// ∂/∂σ (nil when the expression does not depend on σ).
    var derivativeSigma: RadialExpression? { weighted ? RadialExpression(terms: terms, weighted: false) : nil }

    /// Terms with equal powers added; φ⁽ʲ⁾ ≡ 0 for j > 6 and zero coefficients dropped.
    init(merging terms: [Term], weighted: Bool) {
        var merged: [Term] = []
        for t in terms where t.j <= 6 && t.coefficient != 0 {
            if let k = merged.firstIndex(where: { ($0.j, $0.s, $0.a, $0.b) == (t.j, t.s, t.a, t.b) }) {
                merged[k].coefficient += t.coefficient
            } else {
                merged.append(t)
            }
        }
        self.init(terms: merged.filter { $0.coefficient != 0 }, weighted: weighted)
    }

    init(terms: [Term], weighted: Bool) {
        self.terms = terms
        self.weighted = weighted
    }

    /// φ⁽ʲ⁾(y), written with t = 1 − y² where that avoids cancellation near |y| = 1.
    @inline(__always)
    static func phi(_ j: Int, _ y: Double) -> Double {
        let y2 = y * y
        guard y2 < 1 else { return 0 }
        let t = 1 - y2
        switch j {
        case 0: return t * t * t
        case 1: return -6 * y * (t * t)
        case 2: return t * (24 * y2 - 6 * t)
        case 3: return y * (72 * t - 48 * y2)
        case 4: return 72 * t - 288 * y2
        case 5: return -720 * y
        case 6: return -720
        default: return 0
        }
    }

    /// The expression for every pair and channel: r [P, 1], σ, c, w [P, n] (σ unused when not
    /// weighted).  // [P, n]
    func evaluate(r: Matrix, sigma: Matrix, c: Matrix, w: Matrix) -> Matrix {
        let n = c.cols
        return r.storage.withUnsafeBufferPointer { rp in
        sigma.storage.withUnsafeBufferPointer { sp in
        c.storage.withUnsafeBufferPointer { cp in
        w.storage.withUnsafeBufferPointer { wp in
            Matrix(rows: c.rows, cols: n) { out in
                for p in 0..<c.rows {
                    let rv = rp[p]
                    for u in 0..<n {
                        let k = p * n + u
                        let cv = cp[k], wv = wp[k]
                        let y = (rv - cv) / wv
                        var sum = 0.0
                        if y * y < 1 {
                            let iw = 1 / wv, ic = 1 / cv
                            for t in terms {
                                sum += t.coefficient * Self.phi(t.j, y) * Self.power(y, t.s) * Self.power(iw, t.a)
                                    * Self.power(ic, t.b)
                            }
                        }
                        out[k] = weighted ? sp[k] * sum : sum
                    }
                }
            }
        } } } }
    }

    @inline(__always)
    static func power(_ x: Double, _ n: Int) -> Double {
        switch n {
        case 0: return 1
        case 1: return x
        case 2: return x * x
        default: return Elementwise.integerPower(x, n)
        }
    }

    /// Records this expression of r [P, 1] and the per-pair σ, c, w [P, n].  // [P, n]
    func record(r: Variable, sigma: Variable, c: Variable, w: Variable) -> Variable {
        let value = evaluate(r: r.value, sigma: sigma.value, c: c.value, w: w.value)
        let expression = self
        return r.tape.record(value, inputs: [r, sigma, c, w]) { g, x, _, needed in
            func partial(_ e: RadialExpression?) -> Variable? {
                guard let e, !e.terms.isEmpty else { return nil }
                return g * e.record(r: x[0], sigma: x[1], c: x[2], w: x[3])
            }
            return [needed[0] ? partial(expression.derivativeR)?.sumOverColumns() : nil,
                    needed[1] ? partial(expression.derivativeSigma) : nil,
                    needed[2] ? partial(expression.derivativeC) : nil,
                    needed[3] ? partial(expression.derivativeW) : nil]
        }
    }
}
