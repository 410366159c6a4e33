import Atomistic
import Foundation
import Latte
import Linalg
import Testing
import Training

/// The loss of METHOD.md section 7 on real Ti–Al cells (which carry virials, so the stress term
/// is exercised): zero on the model's own predictions, the documented value on shifted labels,
/// and the same total whether a batch is evaluated whole or in parts.
struct LossTests {
    static let tial = TrainerTests.repository.appendingPathComponent("datasets/tial/train.xyz").path

    static func setup() throws -> (PotentialParameters, [Structure]) {
        let structures = Array(try ExtXYZ.read(path: tial).prefix(6))
        let parameters = try PotentialParameters.initial(for: PotentialSpecification(
            species: ["Al", "Ti"], cutoff: 4.0, shape: DescriptorShape("4,-:4,i,i:2,i,j,ij"), hiddenLayers: [8],
            widths: .learned(minimum: 0.5, maximum: 2.0)), seed: 3)
        return (parameters, structures)
    }

    static func loss(_ parameters: PotentialParameters, _ structures: [Structure], parts: Int = 1) throws -> LossEvaluation {
        let set = try LabelledSet(name: "tial", structures: structures, species: parameters.species, cutoff: parameters.cutoff)
        let loss = Loss(energyWeight: 2, forceWeight: 3, stressWeight: 5, energyLoss: .perAtom)
        return LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: Array(0..<set.count),
                                       parts: parts, threads: 1, gradientsOf: nil)
    }

    /// Labels off the predictions by 0.1 eV per atom in energy, 0.2 eV/Å in every force
    /// component and −0.01 eV/Å³ in every stress component (given as a stress, not a virial).
    static func shifted(_ structures: [Structure], _ predictions: [PotentialPrediction]) -> [Structure] {
        zip(structures, predictions).map { structure, prediction -> Structure in
            var copy = structure
            copy.energy = prediction.energy + 0.1 * Double(structure.atomCount)
            copy.forces = prediction.forces.map { $0 + SIMD3(repeating: 0.2) }
            copy.virial = nil
            copy.stress = prediction.stress!.map { $0 - 0.01 }
            return copy
        }
    }

    @Test func theModelsOwnPredictionsCostNothing() throws {
        let (parameters, structures) = try Self.setup()
        #expect(structures.allSatisfy { $0.virial != nil && $0.stress == nil })
        let predictions = try LatteModel(parameters).evaluate(structures, stress: true)
        // Labels from the model itself, the stress given as a virial (the path the data takes).
        let labelled = zip(structures, predictions).map { structure, prediction -> Structure in
            var copy = structure
            copy.energy = prediction.energy
            copy.forces = prediction.forces
            copy.virial = prediction.virial
            return copy
        }
        let result = try Self.loss(parameters, labelled)
        #expect(abs(result.loss) < 1e-20, "loss \(result.loss)")
    }

    @Test func shiftedLabelsGiveTheDocumentedTerms() throws {
        let (parameters, structures) = try Self.setup()
        let predictions = try LatteModel(parameters).evaluate(structures, stress: true)
        // Energy off by 0.1 eV per atom, every force component by 0.2 eV/Å, every stress
        // component by 0.01 eV/Å³: L = 2·0.1² + 3·0.2² + 5·0.01².
        let result = try Self.loss(parameters, Self.shifted(structures, predictions))
        #expect(abs(result.loss - (2 * 0.01 + 3 * 0.04 + 5 * 1e-4)) < 1e-12, "loss \(result.loss)")
        #expect(abs(result.metrics.energyMAE - 0.1) < 1e-12 && abs(result.metrics.forceMAE - 0.2) < 1e-12)
    }

    /// κ of a structure's `config_type` multiplies its squared errors in every term; types not
    /// listed and structures without a type count once; the normalising counts do not change.
    @Test func configTypeWeightsScaleEachStructuresTerms() throws {
        let (parameters, structures) = try Self.setup()
        let predictions = try LatteModel(parameters).evaluate(structures, stress: true)
        let types: [String?] = ["liquid", "liquid", "crystal", nil, "crystal", "surface"]
        let shifted = zip(Self.shifted(structures, predictions), types).map { structure, type -> Structure in
            var copy = structure
            copy.info["config_type"] = type
            return copy
        }
        let kappa = ["liquid": 3.0, "crystal": 0.5]
        let weights = types.map { $0.flatMap { kappa[$0] } ?? 1 }
        let components = shifted.map { Double(3 * $0.atomCount) }
        let meanWeight = weights.reduce(0, +) / Double(weights.count)
        let forceWeight = zip(weights, components).map(*).reduce(0, +) / components.reduce(0, +)
        let expected = (2 * 0.01 + 5 * 1e-4) * meanWeight + 3 * 0.04 * forceWeight
        let set = try LabelledSet(name: "tial", structures: shifted, species: parameters.species, cutoff: parameters.cutoff)
        let loss = Loss(energyWeight: 2, forceWeight: 3, stressWeight: 5, energyLoss: .perAtom, configTypeWeights: kappa)
        for parts in [1, 3] {
            let result = LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: Array(0..<set.count),
                                                 parts: parts, threads: 1, gradientsOf: nil)
            #expect(abs(result.loss - expected) < 1e-12, "\(parts) parts: loss \(result.loss), expected \(expected)")
            #expect(abs(result.metrics.forceMAE - 0.2) < 1e-12, "the metrics are not weighted")
        }
    }

    @Test func partsAddUpToTheWholeBatch() throws {
        let (parameters, structures) = try Self.setup()
        let whole = try Self.loss(parameters, structures)
        let split = try Self.loss(parameters, structures, parts: 3)
        #expect(abs(whole.loss - split.loss) <= 1e-12 * whole.loss)
        #expect(whole.metrics.forceComponents == split.metrics.forceComponents)
    }

    /// Without gradients (validation, test) the loss comes from the tape-free evaluator; it
    /// is the tape's loss, computed with the gradients, to rounding.
    @Test func theLossWithoutGradientsIsTheTapesLoss() throws {
        let (parameters, all) = try Self.setup()
        var generator = SeededGenerator(seed: 5)
        let structures = all.map { structure -> Structure in
            var copy = structure
            copy.energy = (structure.energy ?? 0) + generator.nextNormal(standardDeviation: 0.5)
            return copy
        }
        let set = try LabelledSet(name: "tial", structures: structures, species: parameters.species, cutoff: parameters.cutoff)
        let loss = Loss(energyWeight: 2, forceWeight: 3, stressWeight: 5, energyLoss: .perAtom)
        let trainable = TrainableParameters(parameters, widthsLearned: true)
        let evaluated = LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: Array(0..<set.count), parts: 2,
                                                threads: 1, gradientsOf: nil)
        let taped = LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: Array(0..<set.count), parts: 2,
                                            threads: 1, gradientsOf: trainable)
        #expect(evaluated.gradients.isEmpty && !taped.gradients.isEmpty)
        #expect(abs(evaluated.loss - taped.loss) <= 1e-12 * taped.loss, "\(evaluated.loss) against \(taped.loss)")
        #expect(abs(evaluated.metrics.forceMAE - taped.metrics.forceMAE) <= 1e-12 * taped.metrics.forceMAE)
        #expect(abs(evaluated.metrics.energyMAE - taped.metrics.energyMAE) <= 1e-12 * taped.metrics.energyMAE)
    }

    /// ∂L/∂θ (energy, force and stress terms, a batch in two parts) against central
    /// differences, for a few entries of every trainable matrix.
    @Test func theGradientMatchesFiniteDifferences() throws {
        let (parameters, all) = try Self.setup()
        // Labels near the model's own predictions keep the loss small, so that rounding in the
        // differences stays far below the tolerance.
        var generator = SeededGenerator(seed: 11)
        let structures = zip(all.prefix(3), try LatteModel(parameters).evaluate(Array(all.prefix(3)), stress: true)).map {
            structure, prediction -> Structure in
            var copy = structure
            copy.energy = prediction.energy + generator.nextNormal(standardDeviation: 0.05)
            copy.forces = prediction.forces.map { $0 + SIMD3(generator.nextNormal(), generator.nextNormal(), generator.nextNormal()) * 0.1 }
            copy.virial = prediction.virial!.map { $0 + generator.nextNormal(standardDeviation: 0.1) }
            return copy
        }
        let set = try LabelledSet(name: "tial", structures: structures, species: parameters.species, cutoff: parameters.cutoff)
        let loss = Loss(energyWeight: 2, forceWeight: 3, stressWeight: 5, energyLoss: .perAtom)
        let trainable = TrainableParameters(parameters, widthsLearned: true)
        func value(_ p: PotentialParameters) -> Double {
            LossEvaluation.evaluate(p, loss: loss, set: set, indices: [0, 1, 2], parts: 2, threads: 1, gradientsOf: nil).loss
        }
        let analytic = LossEvaluation.evaluate(parameters, loss: loss, set: set, indices: [0, 1, 2], parts: 2,
                                               threads: 2, gradientsOf: trainable).gradients
        let values = trainable.values(of: parameters)
        for (m, matrix) in values.enumerated() {
            for _ in 0..<3 {
                let k = Int(generator.next() % UInt64(matrix.count))
                let h = 1e-5 * max(1, abs(matrix.storage[k]))
                var plus = values, minus = values
                plus[m].storage[k] += h
                minus[m].storage[k] -= h
                let numeric = (value(trainable.replacing(plus, in: parameters)) - value(trainable.replacing(minus, in: parameters))) / (2 * h)
                let exact = analytic[m].storage[k]
                #expect(abs(exact - numeric) <= 1e-6 * max(abs(numeric), 1e-3), "matrix \(m) entry \(k): \(exact) vs \(numeric)")
            }
        }
    }
}
