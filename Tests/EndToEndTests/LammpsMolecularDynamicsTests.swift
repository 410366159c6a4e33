import Atomistic
import Foundation
import Testing

/// NVE molecular dynamics in a real LAMMPS with `pair_style latte` and the Ti–Al potential of
/// `configs/tial.json` (docs/tial-potential.json): the total energy is conserved, and its
/// fluctuation falls as the square of the time step, as velocity Verlet's must when the
/// forces are the exact gradient of the energy.
@Suite(.enabled(if: Lammps.available, Lammps.skipReason))
struct LammpsMolecularDynamicsTests {
    /// Total energies (eV) every 10 steps of `steps` steps of `timestep` ps from 600 K.
    static func run(timestep: Double, steps: Int, structure: Structure) throws -> [Double] {
        let folder = try LatteExportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bundle = try Lammps.bundle(Lammps.tialPotential)
        let (status, output) = try Lammps.run(try Lammps.setUp(structure, bundle: bundle, species: ["Al", "Ti"], folder: folder) + """
        pair_style latte
        pair_coeff * * \(bundle.path)/potential.json Al Ti
        velocity all create 600.0 8724 mom yes rot no dist gaussian
        timestep \(timestep)
        fix nve all nve
        thermo_style custom step etotal
        thermo_modify format float %.17g
        thermo 10
        run \(steps)

        """, in: folder)
        try #require(status == 0, "lmp failed:\n\(output)")
        let lines = output.split(separator: "\n").drop { !$0.contains("Step") || !$0.contains("TotEng") }.dropFirst()
        return lines.prefix { !$0.hasPrefix("Loop time") }.map { Double($0.split(separator: " ")[1])! }
    }

    /// Slope (per sample) of the least-squares line through `values`, and the standard
    /// deviation of what is left around it.
    static func driftAndFluctuation(_ values: [Double]) -> (slope: Double, fluctuation: Double) {
        let n = Double(values.count), mx = (n - 1) / 2
        let my = values.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for (i, y) in values.enumerated() {
            let dx = Double(i) - mx
            sxy += dx * (y - my)
            sxx += dx * dx
        }
        let slope = sxy / sxx
        var squares = 0.0
        for (i, y) in values.enumerated() {
            let r = y - my - slope * (Double(i) - mx)
            squares += r * r
        }
        return (slope, (squares / n).squareRoot())
    }

    @Test func totalEnergyIsConservedAndItsFluctuationFallsAsTheTimeStepSquared() throws {
        let cell = try LammpsPairStyleTests.tialCells()[1]
        let structure = Lammps.lammpsFrame(LammpsPairStyleTests.supercell(cell, 4))  // 128 atoms
        let atoms = Double(structure.atomCount)
        var fluctuations: [Double] = []
        for (timestep, steps) in [(0.001, 2000), (0.0005, 4000)] {
            let energies = try Self.run(timestep: timestep, steps: steps, structure: structure)
            #expect(energies.count == steps / 10 + 1)
            let (slope, fluctuation) = Self.driftAndFluctuation(energies)
            let driftPerAtomPerPs = slope / (10 * timestep) / atoms
            print("NVE Ti-Al, \(structure.atomCount) atoms, 600 K, dt = \(timestep * 1000) fs, \(steps) steps: "
                  + "drift \(driftPerAtomPerPs * 1000) meV/atom/ps, fluctuation \(fluctuation / atoms * 1000) meV/atom")
            #expect(abs(driftPerAtomPerPs) < 1e-4, "drift \(driftPerAtomPerPs) eV/atom/ps")
            fluctuations.append(fluctuation)
        }
        let ratio = fluctuations[0] / fluctuations[1]
        print("NVE Ti-Al: halving the time step divides the fluctuation by \(ratio)")
        #expect(ratio > 3 && ratio < 5, "fluctuation ratio \(ratio), expected about 4")
    }
}
