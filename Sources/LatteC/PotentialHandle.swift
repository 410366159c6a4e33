#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Atomistic
import Latte

/// What a `latte_potential *` points to: one loaded committee (docs/COMMITTEE.md; a plain
/// potential is a committee of one) and a model per member.
///
/// Its committee is immutable after loading, and it shares nothing with other handles, so
/// separate handles can be used from separate threads. The C API asks callers not to use one
/// handle from two threads at once (the thread count is per handle; room for work buffers).
final class PotentialHandle {
    let committee: Committee
    let models: [LatteModel]  // [members]
    /// Z of each species, or 0 when the species is not an element symbol.
    let atomicNumbers: [Int32]
    /// The species symbols as C strings owned by the handle (`latte_potential_species`).
    private let symbols: [UnsafeMutablePointer<CChar>]
    /// Species index of each atomic number that names one of the potential's species.
    private let speciesOfAtomicNumber: [Int32: Int]
    /// Threads of each evaluation (`latte_potential_set_threads`); the numbers do not depend on it.
    var threads = 1

    /// Loads the committee file or plain potential at `path`; a missing or invalid file (or
    /// members that differ in species or cutoff) is a `.file` failure naming the problem.
    init(path: String) throws {
        do {
            committee = try PotentialFile.readCommittee(contentsOf: path)
        } catch {
            throw LatteFailure(.file, "\(error)")
        }
        models = committee.members.map { LatteModel($0) }
        atomicNumbers = committee.species.map { Int32(Element(symbol: $0)?.atomicNumber ?? 0) }
        symbols = committee.species.map { strdup($0)! }
        var index: [Int32: Int] = [:]
        for (s, z) in atomicNumbers.enumerated() where z > 0 { index[z] = s }
        speciesOfAtomicNumber = index
    }

    deinit {
        for symbol in symbols { free(symbol) }
    }

    var species: [String] { committee.species }
    var speciesCount: Int { committee.species.count }
    var cutoff: Double { committee.cutoff }
    var memberCount: Int { committee.count }

    /// The C string of species `index`, or nil out of range.
    func symbol(_ index: Int) -> UnsafePointer<CChar>? {
        symbols.indices.contains(index) ? UnsafePointer(symbols[index]) : nil
    }

    /// The species symbol of each atom from atomic numbers; an unknown one is a failure naming
    /// the atom, its Z and the species the potential knows.
    func symbols(atomicNumbers: UnsafeBufferPointer<Int32>) throws -> [String] {
        try atomicNumbers.enumerated().map { atom, z in
            guard let s = speciesOfAtomicNumber[z] else {
                let name = Element(atomicNumber: Int(z)).map { "\($0.symbol), Z = \(z)" } ?? "Z = \(z)"
                throw LatteFailure(.unknownSpecies, "atom \(atom): \(name) is not a species of this potential "
                                   + "(it knows \(species.joined(separator: ", ")))")
            }
            return species[s]
        }
    }

    /// The species symbol of each atom from species indices (0 ..< species count).
    func symbols(speciesIndices: UnsafeBufferPointer<Int32>) throws -> [String] {
        try speciesIndices.enumerated().map { atom, s in
            guard s >= 0 && Int(s) < speciesCount else {
                throw LatteFailure(.unknownSpecies, "atom \(atom): species index \(s) is out of range "
                                   + "(the potential has \(speciesCount) species: \(species.joined(separator: ", ")))")
            }
            return species[Int(s)]
        }
    }

    /// The committee's mean and spread of energy, forces, atomic energies and (when `virial`)
    /// the virial of `structure` (`CommitteePrediction`; one member: its own numbers, bit for
    /// bit); a non-finite member result is a `.numeric` failure.
    func evaluate(_ structure: Structure, virial: Bool) throws -> CommitteePrediction {
        let members = try models.map { model in
            let prediction: PotentialPrediction
            do {
                prediction = try model.evaluate([structure], stress: virial, threads: threads)[0]
            } catch {
                throw LatteFailure(.unknownSpecies, "\(error)")
            }
            guard prediction.energy.isFinite,
                  prediction.forces.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }),
                  prediction.virial?.allSatisfy(\.isFinite) ?? true else {
                throw LatteFailure(.numeric, "the energy or forces are not finite numbers (are two atoms at the same position?)")
            }
            return prediction
        }
        return CommitteePrediction(members: members)
    }
}
