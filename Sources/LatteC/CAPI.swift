/// The C functions of `liblatte` (declared and documented in `include/latte.h`; keep the two
/// in step). Each is a thin shell: arguments are checked, work is done by `PotentialHandle`,
/// failures become a status code plus this thread's `latte_last_error` message. No Swift
/// error or trap escapes for bad input. A handle holds a committee (a plain potential is a
/// committee of one): the compute calls return the members' mean, which for one member is
/// that potential's own numbers, bit for bit; `CAPI+Committee.swift` adds the spread.

/// `LATTE_API_VERSION` of this library.
@_cdecl("latte_api_version")
public func latte_api_version() -> Int32 { 3 }

/// The message of the calling thread's most recent failure ("" when none).
@_cdecl("latte_last_error")
public func latte_last_error() -> UnsafePointer<CChar> { LastError.message }

/// Loads a potential.json or committee file; NULL on failure (message in `latte_last_error`).
@_cdecl("latte_potential_load")
public func latte_potential_load(_ path: UnsafePointer<CChar>?) -> OpaquePointer? {
    var handle: PotentialHandle?
    _ = LastError.reporting {
        guard let path else { throw LatteFailure(.invalidArgument, "the potential path is NULL") }
        handle = try PotentialHandle(path: String(cString: path))
    }
    return handle.map { OpaquePointer(Unmanaged.passRetained($0).toOpaque()) }
}

/// Releases a handle (NULL is ignored).
@_cdecl("latte_potential_free")
public func latte_potential_free(_ potential: OpaquePointer?) {
    guard let potential else { return }
    Unmanaged<PotentialHandle>.fromOpaque(UnsafeRawPointer(potential)).release()
}

func handle(_ potential: OpaquePointer?) -> PotentialHandle? {
    potential.map { Unmanaged<PotentialHandle>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
}

/// R_c in Å (0 for NULL).
@_cdecl("latte_potential_cutoff")
public func latte_potential_cutoff(_ potential: OpaquePointer?) -> Double {
    handle(potential)?.cutoff ?? 0
}

/// Number of species (0 for NULL).
@_cdecl("latte_potential_species_count")
public func latte_potential_species_count(_ potential: OpaquePointer?) -> Int32 {
    Int32(handle(potential)?.speciesCount ?? 0)
}

/// Symbol of species `index`, owned by the handle; NULL out of range.
@_cdecl("latte_potential_species")
public func latte_potential_species(_ potential: OpaquePointer?, _ index: Int32) -> UnsafePointer<CChar>? {
    handle(potential)?.symbol(Int(index))
}

/// Z of species `index`; 0 out of range or when the species is not an element symbol.
@_cdecl("latte_potential_atomic_number")
public func latte_potential_atomic_number(_ potential: OpaquePointer?, _ index: Int32) -> Int32 {
    guard let handle = handle(potential), index >= 0, Int(index) < handle.speciesCount else { return 0 }
    return handle.atomicNumbers[Int(index)]
}

/// The committee's mean energy, forces, atomic energies and virial; atoms named by atomic numbers.
@_cdecl("latte_compute")
public func latte_compute(_ potential: OpaquePointer?, _ atomCount: Int32, _ positions: UnsafePointer<Double>?,
                          _ atomicNumbers: UnsafePointer<Int32>?, _ cell: UnsafePointer<Double>?,
                          _ pbc: UnsafePointer<Int32>?, _ energy: UnsafeMutablePointer<Double>?,
                          _ forces: UnsafeMutablePointer<Double>?, _ atomicEnergies: UnsafeMutablePointer<Double>?,
                          _ virial: UnsafeMutablePointer<Double>?) -> Int32 {
    compute(potential, atomCount, positions, atomicNumbers, cell, pbc,
            Outputs(energy: energy, forces: forces, atomicEnergies: atomicEnergies, virial: virial)) { handle, types in
        try handle.symbols(atomicNumbers: types)
    }
}

/// The same as `latte_compute` with atoms named by species indices (0 ..< species count).
@_cdecl("latte_compute_species")
public func latte_compute_species(_ potential: OpaquePointer?, _ atomCount: Int32, _ positions: UnsafePointer<Double>?,
                                  _ species: UnsafePointer<Int32>?, _ cell: UnsafePointer<Double>?,
                                  _ pbc: UnsafePointer<Int32>?, _ energy: UnsafeMutablePointer<Double>?,
                                  _ forces: UnsafeMutablePointer<Double>?, _ atomicEnergies: UnsafeMutablePointer<Double>?,
                                  _ virial: UnsafeMutablePointer<Double>?) -> Int32 {
    compute(potential, atomCount, positions, species, cell, pbc,
            Outputs(energy: energy, forces: forces, atomicEnergies: atomicEnergies, virial: virial)) { handle, types in
        try handle.symbols(speciesIndices: types)
    }
}

/// Sets the threads each later evaluation of `potential` uses (API version 2).
@_cdecl("latte_potential_set_threads")
public func latte_potential_set_threads(_ potential: OpaquePointer?, _ threads: Int32) -> Int32 {
    LastError.reporting {
        guard let handle = handle(potential) else { throw LatteFailure(.invalidArgument, "the potential handle is NULL") }
        guard threads >= 1 else { throw LatteFailure(.invalidArgument, "the thread count must be at least 1 (got \(threads))") }
        handle.threads = Int(threads)
    }
}

/// Energy of the owned atoms of an MD engine's domain, forces on owned and ghost atoms,
/// virials, from the engine's neighbour list (API version 2; `DomainInput`).
@_cdecl("latte_compute_neighbours")
public func latte_compute_neighbours(_ potential: OpaquePointer?, _ ownedCount: Int32, _ ghostCount: Int32,
                                     _ positions: UnsafePointer<Double>?, _ species: UnsafePointer<Int32>?,
                                     _ neighbourCounts: UnsafePointer<Int32>?, _ neighbours: UnsafePointer<Int32>?,
                                     _ energy: UnsafeMutablePointer<Double>?,
                                     _ atomicEnergies: UnsafeMutablePointer<Double>?,
                                     _ forces: UnsafeMutablePointer<Double>?, _ virial: UnsafeMutablePointer<Double>?,
                                     _ atomicVirials: UnsafeMutablePointer<Double>?) -> Int32 {
    computeDomain(potential, ownedCount, ghostCount, positions, species, neighbourCounts, neighbours,
                  DomainOutputs(energy: energy, atomicEnergies: atomicEnergies, forces: forces, virial: virial,
                                atomicVirials: atomicVirials, memberForces: nil))
}

/// Where the caller of a domain call wants results; each may be NULL. Written only on success.
struct DomainOutputs {
    let energy: UnsafeMutablePointer<Double>?
    let atomicEnergies: UnsafeMutablePointer<Double>?  // [owned]
    let forces: UnsafeMutablePointer<Double>?          // [atoms, 3]
    let virial: UnsafeMutablePointer<Double>?          // [9]
    let atomicVirials: UnsafeMutablePointer<Double>?   // [atoms, 9]
    let memberForces: UnsafeMutablePointer<Double>?    // [members, atoms, 3]
}

/// `latte_compute_neighbours` and `latte_compute_neighbours_committee`: the committee's mean
/// over the domain, and each member's forces when asked.
func computeDomain(_ potential: OpaquePointer?, _ ownedCount: Int32, _ ghostCount: Int32,
                   _ positions: UnsafePointer<Double>?, _ species: UnsafePointer<Int32>?,
                   _ neighbourCounts: UnsafePointer<Int32>?, _ neighbours: UnsafePointer<Int32>?,
                   _ outputs: DomainOutputs) -> Int32 {
    LastError.reporting {
        guard let handle = handle(potential) else { throw LatteFailure(.invalidArgument, "the potential handle is NULL") }
        let input = try DomainInput(owned: ownedCount, ghosts: ghostCount, positions: positions, species: species,
                                    neighbourCounts: neighbourCounts, neighbours: neighbours, handle: handle)
        let committee = try input.evaluate(handle, virial: outputs.virial != nil, atomicVirials: outputs.atomicVirials != nil)
        let result = committee.mean
        outputs.energy?.pointee = result.energy
        outputs.atomicEnergies?.update(from: result.atomicEnergies, count: result.atomicEnergies.count)
        outputs.forces?.update(from: result.forces, count: result.forces.count)
        if let virial = outputs.virial, let w = result.virial { virial.update(from: w, count: 9) }
        if let atomicVirials = outputs.atomicVirials, let w = result.atomicVirials { atomicVirials.update(from: w, count: w.count) }
        if let memberForces = outputs.memberForces {
            for (k, forces) in committee.memberForces.enumerated() {
                (memberForces + k * forces.count).update(from: forces, count: forces.count)
            }
        }
    }
}

/// Where the caller of a structure call wants results; each may be NULL. Written only on success.
struct Outputs {
    var energy: UnsafeMutablePointer<Double>?
    var forces: UnsafeMutablePointer<Double>?          // [atoms, 3]
    var atomicEnergies: UnsafeMutablePointer<Double>?  // [atoms]
    var virial: UnsafeMutablePointer<Double>?          // [9]
    var energyDeviation: UnsafeMutablePointer<Double>? = nil
    var forceDeviations: UnsafeMutablePointer<Double>? = nil  // [atoms]
}

/// The structure calls: the committee's mean (and spread, when asked) of one structure.
func compute(_ potential: OpaquePointer?, _ atomCount: Int32, _ positions: UnsafePointer<Double>?,
             _ types: UnsafePointer<Int32>?, _ cell: UnsafePointer<Double>?, _ pbc: UnsafePointer<Int32>?,
             _ outputs: Outputs,
             symbols: (PotentialHandle, UnsafeBufferPointer<Int32>) throws -> [String]) -> Int32 {
    LastError.reporting {
        guard let handle = handle(potential) else { throw LatteFailure(.invalidArgument, "the potential handle is NULL") }
        guard atomCount >= 0 else { throw LatteFailure(.invalidArgument, "the atom count is negative (\(atomCount))") }
        guard atomCount == 0 || types != nil else {
            throw LatteFailure(.invalidArgument, "the atomic numbers or species indices are NULL")
        }
        let names = try symbols(handle, UnsafeBufferPointer(start: types, count: Int(atomCount)))
        let structure = try ComputeInput.structure(atomCount: atomCount, positions: positions, symbols: names,
                                                   cell: cell, pbc: pbc, cutoff: handle.cutoff)
        let committee = try handle.evaluate(structure, virial: outputs.virial != nil)
        let result = committee.mean
        outputs.energy?.pointee = result.energy
        if let forces = outputs.forces {
            for (i, f) in result.forces.enumerated() {
                forces[3 * i] = f.x
                forces[3 * i + 1] = f.y
                forces[3 * i + 2] = f.z
            }
        }
        if let atomicEnergies = outputs.atomicEnergies {
            for (i, e) in result.atomicEnergies.enumerated() { atomicEnergies[i] = e }
        }
        if let virial = outputs.virial, let w = result.virial {
            for k in 0..<9 { virial[k] = w[k] }
        }
        outputs.energyDeviation?.pointee = committee.energyDeviation
        outputs.forceDeviations?.update(from: committee.forceDeviations, count: committee.forceDeviations.count)
    }
}
