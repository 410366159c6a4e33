import Foundation
import JSON
import Linalg
import Testing
import Training

@Suite struct AdamTests {
    /// The textbook form p − lr·m̂/(√v̂ + ε), element by element with scalar state, for a
    /// quadratic loss Σ c_k (p_k − target_k)²; AdamW decays p first, Adam adds λ·p to g.
    static func reference(start: [Double], target: [Double], curvature: [Double], steps: Int,
                          lr: Double, decay: Double, decoupled: Bool = true) -> [Double] {
        let (b1, b2, eps) = (0.9, 0.999, 1e-8)
        var p = start
        var m = [Double](repeating: 0, count: p.count)
        var v = [Double](repeating: 0, count: p.count)
        for t in 1...steps {
            for k in p.indices {
                var g = 2 * curvature[k] * (p[k] - target[k])
                if decoupled { p[k] -= lr * decay * p[k] } else { g += decay * p[k] }
                m[k] = b1 * m[k] + (1 - b1) * g
                v[k] = b2 * v[k] + (1 - b2) * g * g
                let mHat = m[k] / (1 - pow(b1, Double(t)))
                let vHat = v[k] / (1 - pow(b2, Double(t)))
                p[k] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        return p
    }

    /// Runs `Adam` on the same loss with the parameters split into a 2 × 3 and a 1 × 2 matrix.
    static func run(start: [Double], target: [Double], curvature: [Double], steps: Int,
                    lr: Double, decay: Double, decoupled: Bool = true) -> (parameters: [Double], adam: Adam) {
        func split(_ x: [Double]) -> [Matrix] {
            [Matrix(rows: 2, cols: 3, storage: Array(x[0..<6])), Matrix(rows: 1, cols: 2, storage: Array(x[6..<8]))]
        }
        var parameters = split(start)
        var adam = Adam(shapes: parameters.map(\.shape), weightDecay: decay, decoupled: decoupled)
        for _ in 0..<steps {
            let flat = parameters.flatMap(\.storage)
            let gradients = split(flat.indices.map { 2 * curvature[$0] * (flat[$0] - target[$0]) })
            adam.update(&parameters, gradients: gradients, learningRate: lr)
        }
        return (parameters.flatMap(\.storage), adam)
    }

    static let start = [0.3, -1.2, 2.0, 0.0, 5.0, -0.7, 1e-3, 4.0]
    static let target = [1.0, 1.0, -1.0, 0.5, 2.0, -0.7, 0.0, 3.0]
    static let curvature = [1.0, 10.0, 0.1, 3.0, 1.0, 2.0, 100.0, 0.5]

    @Test(arguments: [(0.0, true), (0.5, true), (0.5, false)])
    func firstStepsMatchTheFormulas(weightDecay: Double, decoupled: Bool) {
        for steps in [1, 2, 5, 20] {
            let expected = Self.reference(start: Self.start, target: Self.target, curvature: Self.curvature,
                                          steps: steps, lr: 0.1, decay: weightDecay, decoupled: decoupled)
            let (actual, adam) = Self.run(start: Self.start, target: Self.target, curvature: Self.curvature,
                                          steps: steps, lr: 0.1, decay: weightDecay, decoupled: decoupled)
            #expect(adam.step == steps)
            for k in expected.indices {
                #expect(isClose(actual[k], expected[k]), "steps \(steps), element \(k): \(actual[k]) vs \(expected[k])")
            }
        }
    }

    @Test func weightDecayIsDecoupledAndAppliedFirst() {
        let plain = Self.run(start: Self.start, target: Self.target, curvature: Self.curvature, steps: 1, lr: 0.1, decay: 0).parameters
        let decayed = Self.run(start: Self.start, target: Self.target, curvature: Self.curvature, steps: 1, lr: 0.1, decay: 0.5).parameters
        for k in plain.indices {
            // The Adam step after the decay does not depend on p's size: p(1 − lr·λ) − Δ.
            let expected = Self.start[k] * (1 - 0.1 * 0.5) + (plain[k] - Self.start[k])
            #expect(isClose(decayed[k], expected), "element \(k)")
        }
    }

    @Test func adamsCoupledDecayIsTheGradientOfAnL2Term() {
        // Adam with λ equals plain Adam on the loss plus (λ/2)·|p|², whose gradient adds λ·p.
        let coupled = Self.run(start: Self.start, target: Self.target, curvature: Self.curvature, steps: 5, lr: 0.1,
                               decay: 0.5, decoupled: false).parameters
        let decoupled = Self.run(start: Self.start, target: Self.target, curvature: Self.curvature, steps: 5, lr: 0.1,
                                 decay: 0.5).parameters
        // Σ c (p − t)² + 0.25 p² = Σ (c + 0.25) (p − c t / (c + 0.25))² + const.
        let curvature = Self.curvature.map { $0 + 0.25 }
        let target = Self.target.indices.map { Self.curvature[$0] * Self.target[$0] / curvature[$0] }
        let plain = Self.run(start: Self.start, target: target, curvature: curvature, steps: 5, lr: 0.1, decay: 0).parameters
        for k in plain.indices { #expect(isClose(coupled[k], plain[k]), "element \(k)") }
        #expect(zip(coupled, decoupled).contains { !isClose($0, $1) }, "Adam and AdamW decay differently")
    }

    @Test func firstStepMovesEachElementByTheLearningRate() {
        let (after, _) = Self.run(start: Self.start, target: Self.target, curvature: Self.curvature, steps: 1, lr: 0.01, decay: 0)
        for k in after.indices where Self.start[k] != Self.target[k] {
            let g = 2 * Self.curvature[k] * (Self.start[k] - Self.target[k])
            #expect(isClose(Self.start[k] - after[k], 0.01 * (g > 0 ? 1 : -1), tolerance: 1e-6), "element \(k)")
        }
        #expect(after[5] == Self.start[5])
    }

    @Test func minimisesTheRosenbrockFunction() {
        var parameters = [Matrix(rows: 1, cols: 2, storage: [-1.2, 1.0])]
        var adam = Adam(shapes: [parameters[0].shape])
        for t in 0..<20_000 {
            let learningRate = 0.02 * pow(0.01, Double(t) / 20_000)
            let (x, y) = (parameters[0].storage[0], parameters[0].storage[1])
            let gradient = Matrix(rows: 1, cols: 2, storage: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
            adam.update(&parameters, gradients: [gradient], learningRate: learningRate)
        }
        #expect(abs(parameters[0].storage[0] - 1) < 1e-3)
        #expect(abs(parameters[0].storage[1] - 1) < 2e-3)
    }

    @Test func momentsFollowTheParameterShapes() {
        let shapes = [Shape(3, 4), Shape(1, 4), Shape(0, 2), Shape(4, 1)]
        let adam = Adam(shapes: shapes)
        #expect(adam.shapes == shapes)
        #expect(adam.firstMoments.map(\.shape) == shapes)
        #expect(adam.secondMoments.map(\.shape) == shapes)
        #expect(adam.step == 0)
        #expect(adam.firstMoments.allSatisfy { $0.storage.allSatisfy { $0 == 0 } })
    }

    @Test func checkpointRoundTripIsBitIdentical() throws {
        var generator = SeededGenerator(seed: 11)
        var parameters = [randomMatrix(3, 2, &generator), randomMatrix(1, 5, &generator), Matrix(rows: 0, cols: 3)]
        var adam = Adam(shapes: parameters.map(\.shape), weightDecay: 0.01)
        for _ in 0..<3 {
            let gradients = parameters.map { randomMatrix($0.rows, $0.cols, &generator, scale: 1e-3) }
            adam.update(&parameters, gradients: gradients, learningRate: 0.01)
        }
        // Values whose text forms are awkward: −0, a subnormal, the extremes.
        var m = adam.firstMoments
        m[1].storage[0] = -0.0
        m[1].storage[1] = .leastNonzeroMagnitude
        m[1].storage[2] = -1.7976931348623157e308
        m[1].storage[3] = 0.1 + 0.2
        let edited = try Adam(json: JSONField(value: replacing(adam.jsonValue, at: ["first_moments"],
                                                                with: adamMoments(m)), file: "x"),
                              shapes: adam.shapes, weightDecay: 0.01)
        let decoded = try Adam(json: throughText(edited.jsonValue), shapes: edited.shapes, weightDecay: 0.01)
        #expect(decoded.step == 3)
        #expect(bitsEqual(decoded.firstMoments, m))
        #expect(bitsEqual(decoded.secondMoments, adam.secondMoments))
        #expect(decoded.weightDecay == 0.01)

        // Resuming continues exactly as the original would.
        var original = adam
        var resumed = try Adam(json: throughText(adam.jsonValue), shapes: adam.shapes, weightDecay: 0.01)
        var p1 = parameters, p2 = parameters
        let gradients = parameters.map { randomMatrix($0.rows, $0.cols, &generator) }
        original.update(&p1, gradients: gradients, learningRate: 0.01)
        resumed.update(&p2, gradients: gradients, learningRate: 0.01)
        #expect(bitsEqual(p1, p2))
        #expect(bitsEqual(original.secondMoments, resumed.secondMoments))
    }

    @Test func checkpointErrorsNameTheField() throws {
        let adam = Adam(shapes: [Shape(2, 2), Shape(1, 3)])
        let good = adam.jsonValue
        func error(_ value: JSONValue, shapes: [Shape] = [Shape(2, 2), Shape(1, 3)]) -> JSONFileError? {
            do {
                _ = try Adam(json: JSONField(value: value, file: "checkpoint.json"), shapes: shapes)
                return nil
            } catch {
                return error as? JSONFileError
            }
        }
        #expect(error(good) == nil)
        #expect(error(good, shapes: [Shape(2, 2), Shape(1, 4)])?.field == "first_moments[1][0]")
        #expect(error(good, shapes: [Shape(2, 2)])?.field == "first_moments")
        #expect(error(replacing(good, at: ["step"], with: .number(1.5)))?.field == "step")
        #expect(error(replacing(good, at: ["step"], with: .number(-1)))?.field == "step")
        #expect(error(replacing(good, at: ["second_moments", "1", "0", "2"], with: .number(-1e-9)))?.field == "second_moments[1]")
        #expect(error(.object([("step", .integer(0))]))?.field == "first_moments")
    }
}

private func adamMoments(_ matrices: [Matrix]) -> JSONValue {
    .array(matrices.map { .array($0.nested.map { .array($0.map(JSONValue.number)) }) })
}
