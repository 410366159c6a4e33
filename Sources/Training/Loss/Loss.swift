import Atomistic
import Autodiff
import Latte
import Linalg

/// The training loss of a batch (METHOD.md section 7):
///
///     L = w_E · L_E + w_F · L_F + w_S · L_S
///     L_E = (1/B) Σ_s ((Ê_s − E_s)/N_s)²      ("per_atom"; "per_structure" drops the 1/N_s)
///     L_F = (1/C) Σ_a Σ_α (F̂_aα − F_aα)²      over the C force components of the batch
///     L_S = (1/9B_σ) Σ_s Σ_αβ (σ̂_s − σ_s)²_αβ  over the B_σ structures that carry a stress
///
/// With `configTypeWeights`, each structure s's squared errors in all three terms are multiplied
/// by the factor κ_s of its `config_type` (1 when not listed); the normalising counts stay.
/// Every term is normalised by counts of the whole batch (`BatchCounts`), so a batch split into
/// parts, each evaluated on its own tape, has a loss (and gradient) that is the sum of the parts'.
public struct Loss: Sendable {
    public var energyWeight: Double
    public var forceWeight: Double
    public var stressWeight: Double
    public var energyLoss: EnergyLoss
    /// κ by `config_type` (the structure's `info["config_type"]`); empty: every κ_s = 1.
    public var configTypeWeights: [String: Double]

    public init(energyWeight: Double, forceWeight: Double, stressWeight: Double, energyLoss: EnergyLoss,
                configTypeWeights: [String: Double] = [:]) {
        self.energyWeight = energyWeight
        self.forceWeight = forceWeight
        self.stressWeight = stressWeight
        self.energyLoss = energyLoss
        self.configTypeWeights = configTypeWeights
    }

    /// √κ_s: each error of structure s is multiplied by it before squaring.
    func errorScale(of structure: Structure) -> Double {
        guard !configTypeWeights.isEmpty, let type = structure.info["config_type"],
              let weight = configTypeWeights[type] else { return 1 }
        return weight.squareRoot()
    }

    /// The normalising counts of a whole batch.
    public struct BatchCounts: Equatable, Sendable {
        public var structures = 0
        public var forceComponents = 0
        public var stressStructures = 0

        public init(_ structures: some Sequence<Structure>) {
            for structure in structures {
                self.structures += 1
                if structure.forces != nil { forceComponents += 3 * structure.atomCount }
                if Self.referenceStress(of: structure) != nil { stressStructures += 1 }
            }
        }

        /// Adds the counts of further structures.
        public mutating func add(_ other: BatchCounts) {
            structures += other.structures
            forceComponents += other.forceComponents
            stressStructures += other.stressStructures
        }

        /// The stress a periodic structure is labelled with: its stress, or −W/V from its
        /// virial; nil when it has neither or is not periodic (a stress needs a volume).
        public static func referenceStress(of structure: Structure) -> [Double]? {
            guard structure.isPeriodic, let cell = structure.cell else { return nil }
            if let stress = structure.stress { return stress }
            return structure.virial.map { $0.map { -$0 / cell.volume } }
        }
    }

    /// Whether the stress term is computed for `structures` (it costs a virial per pair).
    public func needsStress(_ counts: BatchCounts) -> Bool { stressWeight > 0 && counts.stressStructures > 0 }

    /// This part's share of the batch loss, recorded on `prediction`'s tape.
    /// `structures` are the part's structures, in the order of `prediction`'s rows.
    public func record(_ prediction: LatteModel.Prediction, structures: [Structure], counts: BatchCounts,
                       on tape: Tape) -> Variable {
        var loss = tape.constant(0)
        if energyWeight > 0 {
            let targets = Matrix(rows: structures.count, cols: 1, storage: structures.map { $0.energy ?? 0 })
            let scales = Matrix(rows: structures.count, cols: 1, storage: structures.map { structure in
                guard structure.energy != nil else { return 0 }
                return (energyLoss == .perAtom ? 1 / Double(structure.atomCount) : 1) * errorScale(of: structure)
            })
            let errors = (prediction.energies - tape.constant(targets)) * tape.constant(scales)
            loss = loss + (energyWeight / Double(counts.structures)) * errors.squared().sum()
        }
        if forceWeight > 0, counts.forceComponents > 0, let forces = prediction.forces {
            var targets: [Double] = [], mask: [Double] = []
            for structure in structures {
                let scale = structure.forces != nil ? errorScale(of: structure) : 0
                for f in structure.forces ?? Array(repeating: .zero, count: structure.atomCount) {
                    targets += [f.x, f.y, f.z]
                    mask += Array(repeating: scale, count: 3)
                }
            }
            let errors = (forces - tape.constant(Matrix(rows: forces.rows, cols: 3, storage: targets)))
                * tape.constant(Matrix(rows: forces.rows, cols: 3, storage: mask))
            loss = loss + (forceWeight / Double(counts.forceComponents)) * errors.squared().sum()
        }
        if needsStress(counts), let virials = prediction.virials {
            var targets: [Double] = [], scales: [Double] = []
            for structure in structures {
                let reference = BatchCounts.referenceStress(of: structure)
                targets += reference ?? Array(repeating: 0, count: 9)
                scales.append(reference == nil ? 0 : -1 / structure.cell!.volume)
            }
            let stresses = virials * tape.constant(Matrix(rows: structures.count, cols: 1, storage: scales))
            var errors = stresses - tape.constant(Matrix(rows: structures.count, cols: 9, storage: targets))
            if !configTypeWeights.isEmpty {
                errors = errors * tape.constant(Matrix(rows: structures.count, cols: 1,
                                                       storage: structures.map(errorScale(of:))))
            }
            loss = loss + (stressWeight / Double(9 * counts.stressStructures)) * errors.squared().sum()
        }
        return loss
    }
}
