import Atomistic
import Latte

/// The arguments of `latte_compute_neighbours` and `latte_compute_neighbours_committee` (an
/// MD engine's domain: owned atoms, ghost atoms and a full neighbour list of the owned ones),
/// checked and evaluated by every member of the committee.
///
/// Contract (mirrors `include/latte.h`): `positions` holds 3·(owned + ghosts) coordinates in
/// Å; `species` one species index per atom, or −1 for an atom of no species of this potential;
/// `neighbourCounts` one count per owned atom; `neighbours` the counts' sum of atom indices in
/// 0 ..< owned + ghosts, centre by centre. Nothing here crashes on bad input: each problem is a
/// failure that names it.
struct DomainInput {
    let pairs: PairTable
    let species: [Int]
    let owned: Int

    init(owned: Int32, ghosts: Int32, positions: UnsafePointer<Double>?, species: UnsafePointer<Int32>?,
         neighbourCounts: UnsafePointer<Int32>?, neighbours: UnsafePointer<Int32>?, handle: PotentialHandle) throws {
        guard owned >= 0 && ghosts >= 0 else {
            throw LatteFailure(.invalidArgument, "the owned and ghost atom counts must not be negative (\(owned), \(ghosts))")
        }
        let atoms = Int(owned) + Int(ghosts)
        self.owned = Int(owned)
        guard atoms == 0 || (positions != nil && species != nil) else {
            throw LatteFailure(.invalidArgument, "positions or species is NULL")
        }
        guard owned == 0 || neighbourCounts != nil else { throw LatteFailure(.invalidArgument, "neighbour_counts is NULL") }
        let x = UnsafeBufferPointer(start: positions, count: 3 * atoms)
        for i in 0..<atoms where !(x[3 * i].isFinite && x[3 * i + 1].isFinite && x[3 * i + 2].isFinite) {
            throw LatteFailure(.invalidArgument, "atom \(i): position (\(x[3 * i]), \(x[3 * i + 1]), \(x[3 * i + 2])) is not finite")
        }
        let speciesCount = handle.speciesCount
        self.species = try UnsafeBufferPointer(start: species, count: atoms).enumerated().map { atom, s in
            guard s >= -1 && Int(s) < speciesCount else {
                throw LatteFailure(.unknownSpecies, "atom \(atom): species index \(s) is out of range (the potential has "
                                   + "\(speciesCount) species: \(handle.species.joined(separator: ", ")); "
                                   + "-1 marks an atom it does not handle)")
            }
            return Int(s)
        }
        let counts = UnsafeBufferPointer(start: neighbourCounts, count: Int(owned))
        var total = 0
        for (i, count) in counts.enumerated() {
            guard count >= 0 else { throw LatteFailure(.invalidArgument, "atom \(i): negative neighbour count \(count)") }
            total += Int(count)
        }
        guard total == 0 || neighbours != nil else { throw LatteFailure(.invalidArgument, "neighbours is NULL") }
        let list = UnsafeBufferPointer(start: neighbours, count: total)
        var entry = 0
        for (i, count) in counts.enumerated() {
            for _ in 0..<Int(count) {
                let j = Int(list[entry])
                guard j >= 0 && j < atoms && j != i else {
                    throw LatteFailure(.invalidArgument, "atom \(i): neighbour \(j) is "
                                       + (j == i ? "the atom itself" : "not an atom (expected 0 ..< \(atoms))"))
                }
                entry += 1
            }
        }
        let kinds = self.species
        pairs = PairTable(positions: x, neighbourCounts: counts, neighbours: list, cutoff: handle.cutoff,
                          skipped: { kinds[$0] < 0 })
    }

    /// Each member's energy, forces and (when asked) virials on `handle`'s threads, and their
    /// mean; a non-finite member result is a `.numeric` failure.
    func evaluate(_ handle: PotentialHandle, virial: Bool, atomicVirials: Bool) throws -> CommitteeDomainResult {
        let members = try handle.models.map { model in
            let result = model.evaluator.evaluate(domain: pairs, species: species, owned: owned, virial: virial,
                                                  atomicVirials: atomicVirials, threads: handle.threads)
            guard result.energy.isFinite, result.forces.allSatisfy(\.isFinite),
                  result.virial?.allSatisfy(\.isFinite) ?? true, result.atomicVirials?.allSatisfy(\.isFinite) ?? true else {
                throw LatteFailure(.numeric, "the energy or forces are not finite numbers (are two atoms at the same position?)")
            }
            return result
        }
        return CommitteeDomainResult(members: members)
    }
}
