import Autodiff
import GradientCheck
import Linalg
import Testing

/// Every operation, on random inputs of several shapes: reverse-mode gradients against central
/// finite differences (first order), then the gradient of ‖gradient‖² against finite differences
/// of that function (second order).
struct OperationGradientTests {
    static let tolerance = 1e-6

    /// (description, input shapes, input range, operation)
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let shapes: [Shape]
        let range: ClosedRange<Double>
        let op: @Sendable ([Variable]) -> Variable
        var testDescription: String { "\(name) \(shapes.map(\.description).joined(separator: " "))" }

        func inputs(seed: UInt64) -> [Matrix] {
            var random = TestRandom(seed: seed)
            return shapes.map { random.matrix($0.rows, $0.cols, in: range) }
        }
    }

    static let matrixShapes = [Shape(1, 1), Shape(3, 4), Shape(5, 1), Shape(1, 6)]
    static let broadcastPairs = [(Shape(3, 4), Shape(3, 4)), (Shape(3, 4), Shape(1, 4)), (Shape(3, 4), Shape(3, 1)),
                                 (Shape(3, 4), Shape(1, 1)), (Shape(1, 4), Shape(3, 4)), (Shape(3, 1), Shape(1, 5))]

    static func unary(_ name: String, range: ClosedRange<Double> = -1.5...1.5,
                      _ op: @escaping @Sendable (Variable) -> Variable) -> [Case] {
        matrixShapes.map { Case(name: name, shapes: [$0], range: range, op: { op($0[0]) }) }
    }

    static func binary(_ name: String, range: ClosedRange<Double> = -1.5...1.5,
                       _ op: @escaping @Sendable (Variable, Variable) -> Variable) -> [Case] {
        broadcastPairs.map { Case(name: name, shapes: [$0.0, $0.1], range: range, op: { op($0[0], $0[1]) }) }
    }

    static let segments = [1, 0, 1, 3, 3, 1]

    static let cases: [Case] = [
        binary("add") { $0 + $1 }, binary("subtract") { $0 - $1 }, binary("multiply") { $0 * $1 },
        binary("divide", range: 0.5...2.0) { $0 / $1 },
        unary("negate") { -$0 }, unary("scale") { 2.5 * $0 }, unary("shift") { $0 + 0.75 },
        unary("sum") { $0.sum() }, unary("mean") { $0.mean() },
        unary("sum over rows") { $0.sumOverRows() }, unary("sum over columns") { $0.sumOverColumns() },
        unary("mean over rows") { $0.meanOverRows() }, unary("mean over columns") { $0.meanOverColumns() },
        unary("square") { $0.squared() }, unary("sqrt", range: 0.3...2.0) { $0.squareRoot() },
        unary("exp") { $0.exp() }, unary("tanh") { $0.tanh() }, unary("sigmoid") { $0.sigmoid() },
        unary("silu") { $0.silu() }, unary("softplus") { $0.softplus() }, unary("gaussian") { $0.gaussian() },
        unary("relu", range: 0.2...1.5) { $0.relu() }, unary("relu negative side", range: -1.5...(-0.2)) { $0.relu() },
        unary("power 3") { $0.power(3) }, unary("power 5") { $0.power(5) },
        unary("transpose") { $0.transposed.power(3) },
        unary("reshape") { $0.reshaped(rows: 1, cols: $0.value.count).power(3) },
        [Case(name: "expand", shapes: [Shape(1, 4)], range: -1...1, op: { $0[0].expanded(to: Shape(3, 4)).power(3) }),
         Case(name: "expand column", shapes: [Shape(3, 1)], range: -1...1, op: { $0[0].expanded(to: Shape(3, 5)).power(3) }),
         Case(name: "gather rows", shapes: [Shape(4, 3)], range: -1...1,
              op: { $0[0].gatheringRows([2, 0, 2, 3, 1, 2]).power(3) }),
         Case(name: "scatter-add rows", shapes: [Shape(6, 3)], range: -1...1,
              op: { $0[0].scatterAddingRows(into: [1, 0, 1, 3, 3, 1], count: 5).power(3) }),
         Case(name: "slice columns", shapes: [Shape(3, 6)], range: -1...1, op: { $0[0].columns(1..<4).power(3) }),
         Case(name: "pad columns", shapes: [Shape(3, 2)], range: -1...1,
              op: { $0[0].paddingColumns(offset: 1, width: 5).power(3) }),
         Case(name: "concatenate columns", shapes: [Shape(3, 2), Shape(3, 1), Shape(3, 4)], range: -1...1,
              op: { concatenateColumns($0).power(3) }),
         Case(name: "matmul", shapes: [Shape(3, 4), Shape(4, 5)], range: -1...1, op: { matmul($0[0], $0[1]).power(2) }),
         Case(name: "matmul Aᵀ", shapes: [Shape(4, 3), Shape(4, 5)], range: -1...1,
              op: { matmul($0[0], $0[1], transposeA: true).power(2) }),
         Case(name: "matmul Bᵀ", shapes: [Shape(3, 4), Shape(5, 4)], range: -1...1,
              op: { matmul($0[0], $0[1], transposeB: true).power(2) }),
         Case(name: "matmul Aᵀ Bᵀ", shapes: [Shape(4, 3), Shape(5, 4)], range: -1...1,
              op: { matmul($0[0], $0[1], transposeA: true, transposeB: true).power(2) }),
         Case(name: "matmul vector", shapes: [Shape(3, 4), Shape(4, 1)], range: -1...1,
              op: { matmul($0[0], $0[1]).tanh() }),
         // Segment products: 6 rows in segments [1, 0, 1, 3, 3, 1] of 4, n = 2, K = 3.
         Case(name: "segment outer sum", shapes: [Shape(6, 2), Shape(6, 3)], range: -1...1,
              op: { Variable.segmentOuterSum($0[0], $0[1], segments: segments, count: 4).power(3) }),
         Case(name: "segment contracting entries", shapes: [Shape(4, 6), Shape(6, 3)], range: -1...1,
              op: { Variable.segmentContractingEntries($0[0], $0[1], segments: segments).power(3) }),
         Case(name: "segment contracting channels", shapes: [Shape(4, 6), Shape(6, 2)], range: -1...1,
              op: { Variable.segmentContractingChannels($0[0], $0[1], segments: segments).power(3) })],
    ].flatMap { $0 }

    @Test(arguments: cases)
    func firstOrder(_ c: Case) {
        for seed in [1, 2] as [UInt64] {
            let error = firstOrderError(c.inputs(seed: seed), c.op)
            #expect(error < Self.tolerance, "relative error \(error)")
        }
    }

    @Test(arguments: cases)
    func secondOrder(_ c: Case) {
        for seed in [3, 4] as [UInt64] {
            let error = secondOrderError(c.inputs(seed: seed), c.op)
            #expect(error < Self.tolerance, "relative error \(error)")
        }
    }
}
