/// A radial channel and any of its partial derivatives, as one fused tape operation per
/// expression (METHOD.md section 2). With y = (r − c)/w and φ(y) = max(0, 1 − y²)³,
///
///     g(r; σ, c, w) = σ · φ(y) / c²
///
/// and every partial derivative of g with respect to r, c, w and σ is a sum of terms
///
///     coefficient · φ⁽ʲ⁾(y) · yˢ · w⁻ᵃ · c⁻ᵇ     (times σ when `weighted`)
///
/// because ∂y/∂r = 1/w, ∂y/∂c = −1/w and ∂y/∂w = −y/w. The partials of an expression are
/// expressions again (computed here, symbolically), so `RadialChannelOperation` can record
/// channels and their derivatives to any order: forces need ∂g/∂r, training on forces the
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
}
