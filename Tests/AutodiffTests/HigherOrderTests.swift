import Autodiff
import GradientCheck
import Linalg
import Testing

/// Derivatives of derivatives: Hessian–vector products, a third derivative, and the bookkeeping
/// of `createGraph`.
struct HigherOrderTests {
    /// A two-layer network with a tanh hidden layer, summed: L(W1, b1, W2) = Σ tanh(X W1 + b1) W2.
    static func network(_ x: Variable, _ p: [Variable]) -> Variable {
        matmul((matmul(x, p[0]) + p[1]).tanh(), p[2]).sum()
    }

    @Test func hessianVectorProductOfTwoLayerNetwork() {
        var random = TestRandom(seed: 11)
        let data = random.matrix(6, 4)
        let parameters = [random.matrix(4, 5), random.matrix(1, 5), random.matrix(5, 1)]
        let direction = parameters.map { random.matrix($0.rows, $0.cols) }

        // H·v by double reverse pass: ∇_p (∇_p L · v).
        let tape = Tape()
        let p = parameters.map(tape.variable)
        let g = tape.gradients(of: Self.network(tape.constant(data), p), wrt: p, createGraph: true)
        let gv = zip(g, direction).map { ($0 * tape.constant($1)).sum() }.reduce(tape.constant(0), +)
        let hv = tape.gradients(of: gv, wrt: p).map(\.value)

        // Finite differences of the gradient along v: (∇L(p + hv) − ∇L(p − hv)) / 2h.
        func gradient(at shift: Double) -> [Matrix] {
            let t = Tape()
            let q = zip(parameters, direction).map { t.variable($0 + shift * $1) }
            return t.gradients(of: Self.network(t.constant(data), q), wrt: q).map(\.value)
        }
        let h = 1e-5
        let numeric = zip(gradient(at: h), gradient(at: -h)).map { ($0 - $1).map { $0 / (2 * h) } }
        #expect(relativeError(hv, numeric) < 1e-7)
    }

    @Test func thirdDerivativeOfPolynomialMatchesClosedForm() {
        // p(x) = 2x⁵ − 3x³ + x² − 7x: p‴(x) = 120x² − 18.
        for x0 in [-1.3, 0.4, 2.1] {
            let tape = Tape()
            let x = tape.variable(Matrix(scalar: x0))
            let p = 2 * x.power(5) - 3 * x.power(3) + x.squared() - 7 * x
            let d1 = tape.gradients(of: p, wrt: [x], createGraph: true)[0]
            let d2 = tape.gradients(of: d1, wrt: [x], createGraph: true)[0]
            let d3 = tape.gradients(of: d2, wrt: [x])[0]
            #expect(abs(d1.scalar - (10 * pow5(x0) / x0 - 9 * x0 * x0 + 2 * x0 - 7)) < 1e-10)
            #expect(abs(d2.scalar - (40 * x0 * x0 * x0 - 18 * x0 + 2)) < 1e-10)
            #expect(abs(d3.scalar - (120 * x0 * x0 - 18)) < 1e-10)
        }
    }

    private func pow5(_ x: Double) -> Double { x * x * x * x * x }

    @Test func gradientsWithoutCreateGraphAreConstants() {
        let tape = Tape()
        let x = tape.variable(Matrix([[1, 2]]))
        let y = (x * x).sum()
        let plain = tape.gradients(of: y, wrt: [x])[0]
        let recorded = tape.gradients(of: y, wrt: [x], createGraph: true)[0]
        #expect(!plain.requiresGradient)
        #expect(recorded.requiresGradient)
        #expect(plain.value == Matrix([[2, 4]]))
        #expect(tape.isRecording)
    }

    @Test func unrelatedVariableGetsZeroGradient() {
        let tape = Tape()
        let x = tape.variable(Matrix([[1, 2], [3, 4]]))
        let unused = tape.variable(Matrix(rows: 3, cols: 1, repeating: 5))
        let g = tape.gradients(of: x.sum(), wrt: [x, unused])
        #expect(g[0].value == Matrix(rows: 2, cols: 2, repeating: 1))
        #expect(g[1].value == Matrix(rows: 3, cols: 1))
    }

    @Test func seedGivesVectorJacobianProduct() {
        let tape = Tape()
        let x = tape.variable(Matrix([[1, 2, 3]]))
        let y = x.squared()  // ∂y_k/∂x_k = 2x_k
        let g = tape.gradients(of: y, wrt: [x], seed: Matrix([[1, 10, 100]]))[0]
        #expect(g.value == Matrix([[2, 40, 600]]))
    }

    @Test func forcesFromEnergyCanBeDifferentiatedForParameters() {
        // E(x; a) = a · Σ_i gaussian(x_i); F = −∂E/∂x; L = Σ F²; ∂L/∂a against finite differences.
        func loss(_ tape: Tape, _ a: Variable, _ x: Variable, createGraph: Bool) -> Variable {
            let energy = (a * x.gaussian()).sum()
            let forces = -tape.gradients(of: energy, wrt: [x], createGraph: createGraph)[0]
            return forces.squared().sum()
        }
        let positions = Matrix([[0.3, -0.7, 1.1]])
        let tape = Tape()
        let a = tape.variable(Matrix(scalar: 1.7))
        let analytic = tape.gradients(of: loss(tape, a, tape.variable(positions), createGraph: true), wrt: [a])[0].scalar
        let numeric = numericalGradient([Matrix(scalar: 1.7)]) { m in
            let t = Tape()
            return loss(t, t.constant(m[0]), t.variable(positions), createGraph: false).scalar
        }[0].scalar
        #expect(abs(analytic - numeric) < 1e-7 * abs(numeric))
    }
}
