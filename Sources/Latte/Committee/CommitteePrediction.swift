/// What a committee predicts for one structure: the mean of its members' predictions, which
/// drives simulations, and their spread (docs/COMMITTEE.md), DeePMD-kit's model deviation.
///
/// With K members and member k's energy E_k and forces F_k,i:
/// - the prediction is the mean ⟨x⟩ = (1/K) Σ_k x_k of energies, forces, atomic energies,
///   virials and stresses, summed in member order (one member: exactly its own numbers);
/// - σ_E = sqrt(⟨(E_k − ⟨E⟩)²⟩), the energy deviation (eV);
/// - σ_F,i = sqrt(⟨‖F_k,i − ⟨F_i⟩‖²⟩), the force deviation of atom i (eV/Å), and
///   max_i σ_F,i, DeePMD's `max_devi_f`, the structure's force deviation.
public struct CommitteePrediction: Sendable {
    public var mean: PotentialPrediction
    public var energyDeviation: Double
    public var forceDeviations: [Double]  // [atoms]

    /// The structure's force deviation max_i σ_F,i (0 without atoms).
    public var maxForceDeviation: Double { forceDeviations.max() ?? 0 }

    /// The mean and spread of the members' predictions of one structure (at least one).
    public init(members: [PotentialPrediction]) {
        precondition(!members.isEmpty, "CommitteePrediction: no members")
        let forces = members.map { $0.forces.flatMap { [$0.x, $0.y, $0.z] } }  // [members][atoms * 3]
        let meanForces = Self.mean(forces)
        var mean = members[0]
        mean.energy = Self.mean(members.map { [$0.energy] })[0]
        mean.forces = stride(from: 0, to: meanForces.count, by: 3).map {
            SIMD3(meanForces[$0], meanForces[$0 + 1], meanForces[$0 + 2])
        }
        mean.atomicEnergies = Self.mean(members.map(\.atomicEnergies))
        if let virials = Self.all(members.map(\.virial)) { mean.virial = Self.mean(virials) }
        if let stresses = Self.all(members.map(\.stress)) { mean.stress = Self.mean(stresses) }
        self.mean = mean
        energyDeviation = Self.deviations(members.map { [$0.energy] }, mean: [mean.energy], width: 1)[0]
        forceDeviations = Self.deviations(forces, mean: meanForces, width: 3)
    }

    /// ⟨x⟩ of equally long arrays, one per member, summed in member order and divided by K.
    public static func mean(_ values: [[Double]]) -> [Double] {
        var sum = values[0]
        for member in values.dropFirst() {
            for j in sum.indices { sum[j] += member[j] }
        }
        let count = Double(values.count)
        return sum.map { $0 / count }
    }

    /// sqrt(⟨‖x_k,i − ⟨x_i⟩‖²⟩) for each group i of `width` consecutive numbers: the deviation
    /// of vectors (width 3: forces, one per atom) or numbers (width 1).
    public static func deviations(_ values: [[Double]], mean: [Double], width: Int) -> [Double] {
        let count = Double(values.count)
        return stride(from: 0, to: mean.count, by: width).map { start in
            var squares = 0.0
            for member in values {
                for j in start..<(start + width) {
                    let d = member[j] - mean[j]
                    squares += d * d
                }
            }
            return (squares / count).squareRoot()
        }
    }

    private static func all(_ values: [[Double]?]) -> [[Double]]? {
        values.contains { $0 == nil } ? nil : values.map { $0! }
    }
}
