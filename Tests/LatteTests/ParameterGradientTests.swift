import Atomistic
import Autodiff
import Latte
import Linalg
import Testing

/// The gradient of an energy + force loss with respect to every kind of parameter (species
/// weights, centres, widths, network weights and biases, offsets) equals finite differences of
/// that loss: the force loss is differentiated through the first reverse pass.
struct ParameterGradientTests {
    static let species = ["H", "C", "O", "Ti", "Al"]
    static let structures = [ModelTestSupport.ethanol, ModelTestSupport.triclinicTiAl]
    static let referenceEnergies = [-3.0, 2.0]

    /// Σ_s ((E_s − E_ref)/N_s)² + 10 · mean over components of F².
    static func loss(_ model: LatteModel, _ batch: BatchGeometry, values: [Matrix]?, tape: Tape,
                     createGraph: Bool) -> (Variable, ParameterVariables) {
        let parameters = values.map { ParameterVariables.assemble($0, like: model.parameters) } ?? model.parameters
        let variables = ParameterVariables(parameters, on: tape)
        let prediction = model.predict(batch, variables: variables, on: tape, forces: true, createGraph: createGraph)
        let counts = tape.constant(Matrix(rows: 2, cols: 1, storage: structures.map { Double($0.atomCount) }))
        let reference = tape.constant(Matrix(rows: 2, cols: 1, storage: referenceEnergies))
        let energyLoss = ((prediction.energies - reference) / counts).squared().sum()
        let forceLoss = prediction.forces!.squared().mean()
        return (energyLoss + 10 * forceLoss, variables)
    }

    @Test(arguments: [SpeciesWeightMode.specific, .common])
    func lossGradientMatchesFiniteDifferences(_ mode: SpeciesWeightMode) throws {
        let model = LatteModel(try ModelTestSupport.potential(species: Self.species, mode: mode))
        let batch = try BatchGeometry(structures: Self.structures, species: Self.species, cutoff: model.parameters.cutoff)
        let tape = Tape()
        let (loss, variables) = Self.loss(model, batch, values: nil, tape: tape, createGraph: true)
        let gradients = tape.gradients(of: loss, wrt: variables.all).map(\.value)
        let values = variables.all.map(\.value)

        // Per parameter matrix: largest |analytic − numeric| over the largest magnitude of either.
        let h = 1e-5
        for (k, value) in values.enumerated() {
            var difference = 0.0, scale = 0.0
            for e in Set([0, value.count / 2, value.count - 1]) {
                var plus = values, minus = values
                plus[k].storage[e] += h
                minus[k].storage[e] -= h
                let lp = Self.loss(model, batch, values: plus, tape: Tape(), createGraph: false).0.scalar
                let lm = Self.loss(model, batch, values: minus, tape: Tape(), createGraph: false).0.scalar
                let numeric = (lp - lm) / (2 * h)
                difference = max(difference, abs(gradients[k].storage[e] - numeric))
                scale = max(scale, abs(numeric), abs(gradients[k].storage[e]))
            }
            #expect(difference <= 1e-6 * scale, "parameter matrix \(k): relative error \(difference / scale)")
        }
    }
}

/// Third order: with the loss gradient ∇L (itself a gradient of forces) recorded, the gradient
/// of S = ∇L · v for a fixed direction v equals finite differences of S. The fused operations'
/// backward rules are recorded operations, so this works at any order.
struct ThirdOrderGradientTests {
    @Test func gradientOfTheLossGradientAlongADirectionMatchesFiniteDifferences() throws {
        let species = ParameterGradientTests.species
        let model = LatteModel(try ModelTestSupport.potential(species: species, hidden: [5]))
        let batch = try BatchGeometry(structures: ParameterGradientTests.structures, species: species,
                                      cutoff: model.parameters.cutoff)
        let values = ParameterVariables.matrices(of: model.parameters)
        var random = SeededGenerator(seed: 17)
        let direction = values.map { $0.map { _ in random.nextNormal() } }

        /// S = ∇L · v at parameter values `x`; its gradient too when `third` is set.
        func directional(_ x: [Matrix], third: Bool) -> (Double, [Matrix]) {
            let tape = Tape()
            let (loss, variables) = ParameterGradientTests.loss(model, batch, values: x, tape: tape, createGraph: true)
            let gradients = tape.gradients(of: loss, wrt: variables.all, createGraph: third)
            let s = zip(gradients, direction).map { ($0 * tape.constant($1)).sum() }.reduce(tape.constant(0), +)
            return (s.scalar, third ? tape.gradients(of: s, wrt: variables.all).map(\.value) : [])
        }
        let analytic = directional(values, third: true).1
        let h = 1e-5
        for (k, value) in values.enumerated() {
            for e in Set([0, value.count - 1]) {
                var plus = values, minus = values
                plus[k].storage[e] += h
                minus[k].storage[e] -= h
                let numeric = (directional(plus, third: false).0 - directional(minus, third: false).0) / (2 * h)
                let error = abs(analytic[k].storage[e] - numeric)
                #expect(error <= 1e-5 * max(abs(numeric), 1e-3), "matrix \(k) element \(e): \(analytic[k].storage[e]) vs \(numeric)")
            }
        }
    }
}
