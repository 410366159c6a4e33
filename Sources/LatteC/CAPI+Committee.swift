import Latte

/// The committee calls of the C API (version 3; `include/latte.h`, docs/COMMITTEE.md): how many
/// members a handle holds, a structure's mean with its spread, a domain's mean with each
/// member's forces, and the force deviation of atoms from members' forces.
///
/// With K members and member k's forces F_k,i, the force deviation of atom i is
/// σ_F,i = sqrt(⟨‖F_k,i − ⟨F_i⟩‖²⟩), ⟨x⟩ = (1/K) Σ_k x_k, and the energy deviation
/// σ_E = sqrt(⟨(E_k − ⟨E⟩)²⟩) (`CommitteePrediction`). One member: both are 0.

/// The number of committee members (1 for a plain potential; 0 for NULL).
@_cdecl("latte_potential_member_count")
public func latte_potential_member_count(_ potential: OpaquePointer?) -> Int32 {
    Int32(handle(potential)?.memberCount ?? 0)
}

/// `latte_compute` plus σ_E and σ_F,i of each atom.
@_cdecl("latte_compute_committee")
public func latte_compute_committee(_ potential: OpaquePointer?, _ atomCount: Int32, _ positions: UnsafePointer<Double>?,
                                    _ atomicNumbers: UnsafePointer<Int32>?, _ cell: UnsafePointer<Double>?,
                                    _ pbc: UnsafePointer<Int32>?, _ energy: UnsafeMutablePointer<Double>?,
                                    _ forces: UnsafeMutablePointer<Double>?,
                                    _ atomicEnergies: UnsafeMutablePointer<Double>?,
                                    _ virial: UnsafeMutablePointer<Double>?,
                                    _ energyDeviation: UnsafeMutablePointer<Double>?,
                                    _ forceDeviations: UnsafeMutablePointer<Double>?) -> Int32 {
    compute(potential, atomCount, positions, atomicNumbers, cell, pbc,
            Outputs(energy: energy, forces: forces, atomicEnergies: atomicEnergies, virial: virial,
                    energyDeviation: energyDeviation, forceDeviations: forceDeviations)) { handle, types in
        try handle.symbols(atomicNumbers: types)
    }
}

/// `latte_compute_neighbours` plus each member's forces on owned and ghost atoms.
@_cdecl("latte_compute_neighbours_committee")
public func latte_compute_neighbours_committee(_ potential: OpaquePointer?, _ ownedCount: Int32, _ ghostCount: Int32,
                                               _ positions: UnsafePointer<Double>?, _ species: UnsafePointer<Int32>?,
                                               _ neighbourCounts: UnsafePointer<Int32>?,
                                               _ neighbours: UnsafePointer<Int32>?,
                                               _ energy: UnsafeMutablePointer<Double>?,
                                               _ atomicEnergies: UnsafeMutablePointer<Double>?,
                                               _ forces: UnsafeMutablePointer<Double>?,
                                               _ virial: UnsafeMutablePointer<Double>?,
                                               _ atomicVirials: UnsafeMutablePointer<Double>?,
                                               _ memberForces: UnsafeMutablePointer<Double>?) -> Int32 {
    computeDomain(potential, ownedCount, ghostCount, positions, species, neighbourCounts, neighbours,
                  DomainOutputs(energy: energy, atomicEnergies: atomicEnergies, forces: forces, virial: virial,
                                atomicVirials: atomicVirials, memberForces: memberForces))
}

/// σ_F,i of `atomCount` atoms from `memberCount` members' forces, laid out member by member.
@_cdecl("latte_committee_force_deviations")
public func latte_committee_force_deviations(_ memberCount: Int32, _ atomCount: Int32,
                                             _ memberForces: UnsafePointer<Double>?,
                                             _ forceDeviations: UnsafeMutablePointer<Double>?) -> Int32 {
    LastError.reporting {
        guard memberCount >= 1 else { throw LatteFailure(.invalidArgument, "the member count must be at least 1 (got \(memberCount))") }
        guard atomCount >= 0 else { throw LatteFailure(.invalidArgument, "the atom count is negative (\(atomCount))") }
        guard atomCount == 0 || (memberForces != nil && forceDeviations != nil) else {
            throw LatteFailure(.invalidArgument, "member_forces or force_deviations is NULL")
        }
        let width = 3 * Int(atomCount)
        let members = (0..<Int(memberCount)).map { k in
            Array(UnsafeBufferPointer(start: memberForces.map { $0 + k * width }, count: width))
        }  // [members][atoms * 3]
        guard members.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw LatteFailure(.invalidArgument, "member_forces holds a number that is not finite")
        }
        let deviations = CommitteePrediction.deviations(members, mean: CommitteePrediction.mean(members), width: 3)
        forceDeviations?.update(from: deviations, count: deviations.count)
    }
}
