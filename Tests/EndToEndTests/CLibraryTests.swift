import Atomistic
import Foundation
import Latte
import Testing

/// liblatte from C: the bundle's header and library compile and link with a plain C compiler,
/// and the example program's numbers equal the Swift model's.
struct CLibraryTests {
    /// `examples/latte_energy.c` built against a fresh bundle of `potential` (C99, all warnings
    /// as errors); returns the program and the bundle's folder (remove it when done).
    static func buildExample(potential: String) throws -> (program: URL, bundle: URL) {
        let compiler = try #require(ExternalProgram.find(["cc", "gcc", "clang"]), "a C compiler (cc, gcc or clang) is needed")
        let (bundle, export) = try LatteExportTests.export(potential)
        #expect(export.0 == 0, "\(export.2)")
        let program = bundle.appendingPathComponent("latte_energy")
        let (status, _, stderr) = try ExternalProgram.run(compiler, [
            "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-I", "include", "examples/latte_energy.c",
            "-L", "lib", "-llatte", "-Wl,-rpath,$ORIGIN/lib", "-o", program.path,
        ], in: bundle)
        #expect(status == 0, "\(stderr)")
        return (program, bundle)
    }

    /// (energy, [(atomic energy, force)]) as the program prints them.
    static func parse(_ output: String) throws -> (Double, [(Double, SIMD3<Double>)]) {
        var lines = output.split(separator: "\n").map { $0.split(separator: " ") }
        let first = lines.removeFirst()
        #expect(first.first == "energy")
        let energy = try #require(Double(String(first[1])))
        let atoms = try lines.map { fields in
            let numbers = try fields[3...].map { try #require(Double(String($0))) }
            return (numbers[0], SIMD3(numbers[1], numbers[2], numbers[3]))
        }
        return (energy, atoms)
    }

    @Test(arguments: [
        ("full_cho.json", "ethanol_3.xyz"),       // a molecule (Lattice given, pbc="F F F")
        ("full_tial.json", "triclinic_tial.xyz"), // a sheared periodic cell smaller than the cutoff
    ])
    func theExampleProgramAgreesWithTheSwiftModel(potential: String, structures: String) throws {
        let golden = LatteExportTests.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden")
        let potentialPath = golden.appendingPathComponent("potentials/\(potential)").path
        let structuresPath = golden.appendingPathComponent("structures/\(structures)").path
        let (program, bundle) = try Self.buildExample(potential: potentialPath)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }

        let (status, stdout, stderr) = try ExternalProgram.run(program, ["potential.json", structuresPath], in: bundle)
        #expect(status == 0, "\(stderr)")
        let (energy, atoms) = try Self.parse(stdout)
        let structure = try #require(try ExtXYZ.read(path: structuresPath).first)
        let expected = try LatteModel(try PotentialFile.read(contentsOf: potentialPath)).evaluate([structure])[0]
        #expect(abs(energy - expected.energy) <= 1e-12 * max(1, abs(expected.energy)))
        #expect(atoms.count == structure.atomCount)
        for (i, (atomic, force)) in atoms.enumerated() {
            #expect(abs(atomic - expected.atomicEnergies[i]) <= 1e-12)
            let difference = force - expected.forces[i]
            #expect(max(abs(difference.x), abs(difference.y), abs(difference.z)) <= 1e-12)
        }
    }

    @Test func failuresPrintTheLibrarysMessage() throws {
        let (program, bundle) = try Self.buildExample(potential: LatteEvalTests.potential)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let silicon = LatteExportTests.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/structures/single_atom_si.xyz").path
        let unknown = try ExternalProgram.run(program, ["potential.json", silicon], in: bundle)
        #expect(unknown.0 == 1)
        #expect(unknown.2 == "latte_energy: atom 0: species index -1 is out of range (the potential has 3 species: C, H, O)\n")
        let missing = try ExternalProgram.run(program, ["/no/such/potential.json", silicon], in: bundle)
        #expect(missing.0 == 1 && missing.2 == "latte_energy: /no/such/potential.json: no such file\n")
    }
}
