import Atomistic
import Latte
import Linalg

/// Fine-tuning (`model.init_from`): a run that starts from a trained potential instead of
/// parameters drawn from the seed, to refine it on new data in a few epochs.
///
/// The potential must have the shape the config's `model` section describes (species when
/// listed, cutoff, descriptor, species-weight mode, hidden layers, activation): training
/// continues the same function, it does not graft one model onto another. The optimiser, the
/// schedule and the weight average start afresh; widths are projected into `model.widths` as in
/// any run.
public enum FineTuning {
    /// The potential `model.init_from` names, or nil without one. Errors are one line naming
    /// the config, the key and the first difference in shape.
    public static func startingPotential(_ config: TrainingConfig, source: String) throws -> PotentialParameters? {
        guard let path = config.model.initFrom else { return nil }
        let potential = try PotentialFile.read(contentsOf: path)
        let model = config.model
        let hidden = Array((potential.networks.first?.layerSizes ?? []).dropFirst().dropLast())
        let shape = try DescriptorShape(model.descriptor)
        let differences: [(key: String, potential: String, config: String)] = [
            ("species", potential.species.joined(separator: ", "), model.species.joined(separator: ", ")),
            ("cutoff", "\(potential.cutoff) Å", "\(model.cutoff) Å"),
            ("descriptor", "'\(potential.shape)'", "'\(shape)'"),
            ("species_weights", potential.speciesWeightMode.rawValue, model.speciesWeights.rawValue),
            ("hidden", "\(hidden)", "\(model.hidden)"),
            ("activation", potential.activation.rawValue, model.activation.rawValue),
        ].filter { $0.potential != $0.config && !($0.key == "species" && model.species.isEmpty) }
        if let first = differences.first {
            throw TrainingSetupError(source: source, key: "model.init_from",
                problem: "'\(path)' has \(first.key) \(first.potential), but model.\(first.key) is \(first.config); "
                    + "fine-tuning keeps the potential's shape: give its values in model, or train from scratch without init_from")
        }
        return potential
    }

    /// Offsets e minimising Σ_s (E_s − Σ_i ε_i − Σ_k N_sk e_k)² over the training set, where ε_i
    /// are the starting networks' atomic energies without offsets: the reference energies of
    /// the new data given what the networks already explain (`OffsetFit.leastSquares` on the
    /// residuals). With several ranks each evaluates the structures it holds and all gather.
    static func residualOffsets(of potential: PotentialParameters, data: TrainingData,
                                communicator: Communicator) throws -> [Double] {
        var networksOnly = potential
        for s in networksOnly.networks.indices { networksOnly.networks[s].offset = 0 }
        let evaluator = EnergyForceEvaluator(networksOnly)
        let set = data.train
        var local: [Double] = []  // [held structures, 2]: position, network energy
        for (structure, position) in zip(set.structures, set.held) {
            let species = try BatchGeometry.speciesIndices(structure.species, of: potential.species, structure: position)
            local += [Double(position), evaluator.evaluate(structure, species: species).energies[0]]
        }
        let counts = communicator.allGather([Double(local.count)], counts: Array(repeating: 1, count: communicator.size))
        let gathered = communicator.allGather(local, counts: counts.map { Int($0) })
        var residuals = set.energies
        for k in stride(from: 0, to: gathered.count, by: 2) { residuals[Int(gathered[k])] -= gathered[k + 1] }
        return try OffsetFit.leastSquares(counts: data.compositions(of: set), energies: residuals)
    }
}
