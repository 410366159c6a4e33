import Atomistic
import Linalg

/// What a potential predicts for one structure, in eV, eV/Å and eV/Å³.
public struct PotentialPrediction: Sendable {
    public var energy: Double
    public var forces: [SIMD3<Double>]
    public var atomicEnergies: [Double]
    /// Virial W = −Σ_p v_p ⊗ ∂E/∂v_p, 9 numbers row-major (eV); nil unless asked for.
    public var virial: [Double]?
    /// Stress −W / volume, 9 numbers row-major (eV/Å³, ASE's sign); nil without a periodic cell.
    public var stress: [Double]?
}

extension LatteModel {
    /// Energies and forces (and virials and stresses when `stress` is set) of `structures`,
    /// evaluated together as one batch on one thread, without a tape (`EnergyForceEvaluator`).
    public func evaluate(_ structures: [Structure], stress: Bool = false) throws -> [PotentialPrediction] {
        try evaluate(structures, stress: stress, threads: 1)
    }

    /// The same on up to `threads` threads (the numbers do not depend on the thread count).
    ///
    /// A single structure of several chunks of atoms has its neighbours found by the threads
    /// chunk by chunk (`EnergyForceEvaluator.evaluate(_:species:virials:threads:)`); several
    /// structures are one batch with one neighbour list per structure.
    public func evaluate(_ structures: [Structure], stress: Bool = false, threads: Int) throws -> [PotentialPrediction] {
        let evaluator = self.evaluator
        let result: EnergyForceEvaluator.Result
        if structures.count == 1 && structures[0].atomCount >= 2 * EnergyForceEvaluator.chunkSize {
            let species = try BatchGeometry.speciesIndices(structures[0].species, of: parameters.species, structure: 0)
            result = evaluator.evaluate(structures[0], species: species, virials: stress, threads: threads)
        } else {
            let batch = try BatchGeometry(structures: structures, species: parameters.species,
                                          cutoff: parameters.cutoff, threads: threads)
            result = evaluator.evaluate(batch, virials: stress, threads: threads)
        }
        return Self.predictions(structures, energies: result.energies, forces: result.forces,
                                atomicEnergies: result.atomicEnergies, virials: stress ? result.virials : nil)
    }

    /// Per-structure predictions from a batch's arrays: energies [structures], forces
    /// [atoms, 3] and atomic energies [atoms] flat in batch order, virials [structures, 9] when
    /// asked for (stress −W/V on periodic structures).
    static func predictions(_ structures: [Structure], energies: [Double], forces: [Double],
                            atomicEnergies: [Double], virials: [Double]?) -> [PotentialPrediction] {
        var firstAtom = 0
        return structures.enumerated().map { s, structure in
            let atoms = firstAtom..<(firstAtom + structure.atomCount)
            firstAtom += structure.atomCount
            var prediction = PotentialPrediction(
                energy: energies[s],
                forces: atoms.map { SIMD3(forces[3 * $0], forces[3 * $0 + 1], forces[3 * $0 + 2]) },
                atomicEnergies: Array(atomicEnergies[atoms]))
            if let virials {
                let w = Array(virials[(9 * s)..<(9 * s + 9)])
                prediction.virial = w
                if structure.isPeriodic, let cell = structure.cell {
                    prediction.stress = w.map { -$0 / cell.volume }
                }
            }
            return prediction
        }
    }
}
