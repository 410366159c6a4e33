import Latte

/// A committee's numbers for one MD engine domain (`latte_compute_neighbours_committee`): the
/// members' domain results combined into their mean, which drives the dynamics, and each
/// member's forces, from which the engine forms the force deviation σ_F,i of an atom once it
/// has summed the ghosts' forces into their owners (a ghost holds only part of a force).
struct CommitteeDomainResult {
    /// ⟨x⟩ = (1/K) Σ_k x_k of the energy, atomic energies, forces, virial and atomic virials,
    /// summed in member order (`CommitteePrediction.mean`); one member gives its own numbers.
    let mean: EnergyForceEvaluator.DomainResult
    /// F_k,a of member k on atom a, owned and ghost.  // [members][atoms * 3]
    let memberForces: [[Double]]

    init(members: [EnergyForceEvaluator.DomainResult]) {
        memberForces = members.map(\.forces)
        guard members.count > 1 else {
            mean = members[0]
            return
        }
        var mean = members[0]
        mean.energy = CommitteePrediction.mean(members.map { [$0.energy] })[0]
        mean.atomicEnergies = CommitteePrediction.mean(members.map(\.atomicEnergies))
        mean.forces = CommitteePrediction.mean(memberForces)
        if let virials = Self.all(members.map(\.virial)) { mean.virial = CommitteePrediction.mean(virials) }
        if let virials = Self.all(members.map(\.atomicVirials)) { mean.atomicVirials = CommitteePrediction.mean(virials) }
        self.mean = mean
    }

    private static func all(_ values: [[Double]?]) -> [[Double]]? {
        values.contains { $0 == nil } ? nil : values.map { $0! }
    }
}
