import Linalg
import Testing

/// BLAS products and kernels against naive loops written from the definitions.
struct MatrixTests {
    static func sample(_ rows: Int, _ cols: Int, _ salt: Double) -> Matrix {
        Matrix(rows: rows, cols: cols) { r, c in ((Double(r * 7 + c * 3) + salt) * 0.618).truncatingRemainder(dividingBy: 2) - 1 }
    }

    static func naiveProduct(_ a: Matrix, _ b: Matrix) -> Matrix {
        Matrix(rows: a.rows, cols: b.cols) { i, j in (0..<a.cols).reduce(0) { $0 + a[i, $1] * b[$1, j] } }
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func productWithTransposes(_ flags: (Bool, Bool)) {
        let (ta, tb) = flags
        let a = Self.sample(ta ? 7 : 5, ta ? 5 : 7, 0.3)
        let b = Self.sample(tb ? 4 : 7, tb ? 7 : 4, 1.1)
        let expected = Self.naiveProduct(ta ? a.transposed : a, tb ? b.transposed : b)
        let product = Matrix.product(a, b, transposeA: ta, transposeB: tb)
        #expect(product.shape == Shape(5, 4))
        for (x, y) in zip(product.storage, expected.storage) { #expect(abs(x - y) < 1e-13) }
    }

    @Test func accumulateAddsScaledProduct() {
        let a = Self.sample(3, 4, 0.1), b = Self.sample(4, 2, 0.2)
        var c = Self.sample(3, 2, 0.9)
        let expected = c.zipMap(Self.naiveProduct(a, b)) { 0.5 * $0 + 2 * $1 }
        c.accumulateProduct(a, b, alpha: 2, beta: 0.5)
        for (x, y) in zip(c.storage, expected.storage) { #expect(abs(x - y) < 1e-13) }
    }

    @Test func matrixVectorProduct() {
        let a = Self.sample(5, 3, 0.4)
        let x = [0.5, -1.0, 2.0], z = [1.0, 2.0, 3.0, 4.0, 5.0]
        let y = Matrix.product(a, vector: x)
        let yt = Matrix.product(a, vector: z, transposeA: true)
        for i in 0..<5 { #expect(abs(y[i] - (0..<3).reduce(0) { $0 + a[i, $1] * x[$1] }) < 1e-13) }
        for j in 0..<3 { #expect(abs(yt[j] - (0..<5).reduce(0) { $0 + a[$1, j] * z[$1] }) < 1e-13) }
    }

    @Test func emptyInnerDimensionGivesZeros() {
        let p = Matrix.product(Matrix(rows: 3, cols: 0), Matrix(rows: 0, cols: 2))
        #expect(p == Matrix(rows: 3, cols: 2))
    }

    @Test func broadcastingRowsColumnsAndScalars() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a + Matrix([[10, 20, 30]]) == Matrix([[11, 22, 33], [14, 25, 36]]))
        #expect(a * Matrix([[2], [3]]) == Matrix([[2, 4, 6], [12, 15, 18]]))
        #expect(a - Matrix(scalar: 1) == Matrix([[0, 1, 2], [3, 4, 5]]))
        #expect(Matrix([[1], [2]]) + Matrix([[10, 20]]) == Matrix([[11, 21], [12, 22]]))
        #expect(Matrix.broadcastShape(Shape(2, 3), Shape(3, 2)) == nil)
    }

    @Test func reductionsAndTheirAdjoints() {
        let a = Matrix([[1, 2, 3], [4, 5, 6]])
        #expect(a.sum() == 21)
        #expect(a.sumOverRows() == Matrix([[5, 7, 9]]))
        #expect(a.sumOverColumns() == Matrix([[6], [15]]))
        #expect(a.summed(to: Shape(1, 1)) == Matrix(scalar: 21))
        #expect(Matrix([[1, 2]]).expanded(to: Shape(2, 2)) == Matrix([[1, 2], [1, 2]]))
    }

    @Test func gatherScatterSliceConcatenate() {
        let a = Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(a.gatheringRows([2, 0, 2]) == Matrix([[5, 6], [1, 2], [5, 6]]))
        #expect(a.scatterAddingRows(into: [1, 0, 1], count: 3) == Matrix([[3, 4], [6, 8], [0, 0]]))
        #expect(a.columns(1..<2) == Matrix([[2], [4], [6]]))
        #expect(Matrix.concatenatingColumns([a, a.columns(0..<1)]) == Matrix([[1, 2, 1], [3, 4, 3], [5, 6, 5]]))
        #expect(a.columns(1..<2).paddingColumns(offset: 1, width: 3) == Matrix([[0, 2, 0], [0, 4, 0], [0, 6, 0]]))
        #expect(a.transposed == Matrix([[1, 3, 5], [2, 4, 6]]))
        #expect(a.reshaped(rows: 2, cols: 3) == Matrix([[1, 2, 3], [4, 5, 6]]))
    }

    @Test func largeTransposeIsBlockedCorrectly() {
        let a = Self.sample(70, 45, 0.7)
        let t = a.transposed
        for i in 0..<70 { for j in 0..<45 { #expect(t[j, i] == a[i, j]) } }
    }
}
