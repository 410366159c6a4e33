import Linalg

/// op(A) · op(B) through BLAS, where op is the identity or the transpose.
///
/// Backward, for C = op(A) · op(B) and upstream gradient G = ∂L/∂C:
///   A not transposed: ∂L/∂A = G · op(B)ᵀ;  A transposed: ∂L/∂A = op(B) · Gᵀ
///   B not transposed: ∂L/∂B = op(A)ᵀ · G;  B transposed: ∂L/∂B = Gᵀ · op(A)
/// each again a product with transpose flags, so no transpose is ever materialised.
public func matmul(_ a: Variable, _ b: Variable, transposeA ta: Bool = false, transposeB tb: Bool = false) -> Variable {
    let value = Matrix.product(a.value, b.value, transposeA: ta, transposeB: tb)
    if a.tape.productShapes != nil {
        let k = ta ? a.value.rows : a.value.cols
        a.tape.productShapes!.append(ProductShape(m: value.rows, n: value.cols, k: k, transposeA: ta, transposeB: tb))
    }
    return a.tape.record(value, inputs: [a, b]) { g, x, _, needed in
        let (a, b) = (x[0], x[1])
        let da = needed[0] ? (ta ? matmul(b, g, transposeA: tb, transposeB: true)
                                 : matmul(g, b, transposeB: !tb)) : nil
        let db = needed[1] ? (tb ? matmul(g, a, transposeA: true, transposeB: ta)
                                 : matmul(a, g, transposeA: !ta)) : nil
        return [da, db]
    }
}
