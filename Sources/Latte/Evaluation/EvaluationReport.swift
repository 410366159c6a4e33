import Atomistic

/// The errors of a potential on a set of structures, broken down the way users judge a fit:
/// overall, force errors per species, and all metrics per `config_type` (the extxyz key most
/// datasets use to label where a structure came from). Unlabelled parts are left out.
public struct EvaluationReport: Sendable {
    public private(set) var overall = ErrorMetrics()
    /// Force errors on the atoms of each species (energy fields stay empty: an energy belongs
    /// to a structure, not a species).
    public private(set) var bySpecies: [String: ErrorMetrics] = [:]
    /// Metrics of the structures of each `config_type`; structures without one are under "".
    public private(set) var byConfigType: [String: ErrorMetrics] = [:]
    /// Reference and predicted values, for parity plots: energies per atom (eV/atom) and force
    /// components (eV/Å).
    public private(set) var energyPairs: [(reference: Double, predicted: Double)] = []
    public private(set) var forcePairs: [(reference: Double, predicted: Double)] = []

    public init() {}

    public mutating func add(prediction: PotentialPrediction, reference: Structure) {
        overall.add(prediction: prediction, reference: reference)
        byConfigType[reference.info["config_type"] ?? "", default: ErrorMetrics()]
            .add(prediction: prediction, reference: reference)
        if let energy = reference.energy {
            let atoms = Double(reference.atomCount)
            energyPairs.append((energy / atoms, prediction.energy / atoms))
        }
        guard let forces = reference.forces else { return }
        for (atom, symbol) in reference.species.enumerated() {
            bySpecies[symbol, default: ErrorMetrics()].addForce(predicted: prediction.forces[atom], reference: forces[atom])
            for axis in 0..<3 { forcePairs.append((forces[atom][axis], prediction.forces[atom][axis])) }
        }
    }
}
