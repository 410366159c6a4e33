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

/// Committees through the C API (version 3): the compute calls give the mean, which for a
/// committee of one is the plain potential's numbers bit for bit; `latte_compute_committee`
/// and the domain call with member forces give σ_E and σ_F,i equal to `CommitteeModel`'s.
extension CLibraryTests {
    /// Reads "n", nine cell numbers (or "none"), three pbc flags and n lines "Z x y z" from
    /// argv[2]; prints the structure calls, and for a molecule the domain call with all pairs.
    static let committeeProgram = #"""
    #include <math.h>
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    #include "latte.h"

    int main(int argc, char **argv) {
        latte_potential *p = latte_potential_load(argv[1]);
        if (!p) { printf("load %s\n", latte_last_error()); return 0; }
        FILE *in = fopen(argv[2], "r");
        int n = 0, pbc[3], has_cell = 0;
        double cell[9];
        char word[64];
        if (fscanf(in, "%d %63s", &n, word) != 2) return 2;
        if (strcmp(word, "none") != 0) {
            has_cell = 1;
            cell[0] = atof(word);
            for (int k = 1; k < 9; k++) if (fscanf(in, "%lf", &cell[k]) != 1) return 2;
        }
        if (fscanf(in, "%d %d %d", &pbc[0], &pbc[1], &pbc[2]) != 3) return 2;
        double *x = malloc(sizeof(double) * 3 * n), *f = malloc(sizeof(double) * 3 * n);
        double *f_plain = malloc(sizeof(double) * 3 * n), *ae = malloc(sizeof(double) * n);
        double *sigma = malloc(sizeof(double) * n), w[9], w_plain[9], e, e_plain, sigma_e;
        int *z = malloc(sizeof(int) * n);
        for (int i = 0; i < n; i++)
            if (fscanf(in, "%d %lf %lf %lf", &z[i], &x[3 * i], &x[3 * i + 1], &x[3 * i + 2]) != 4) return 2;
        int members = latte_potential_member_count(p);
        printf("api %d members %d\n", latte_api_version(), members);
        const double *c = has_cell ? cell : NULL;
        int status = latte_compute_committee(p, n, x, z, c, pbc, &e, f, ae, w, &sigma_e, sigma);
        if (status != LATTE_OK) { printf("committee %d %s\n", status, latte_last_error()); return 0; }
        status = latte_compute(p, n, x, z, c, pbc, &e_plain, f_plain, NULL, w_plain);
        if (status != LATTE_OK) { printf("compute %d %s\n", status, latte_last_error()); return 0; }
        printf("energy %.17g %.17g %.17g\n", e, sigma_e, e_plain);
        printf("virial");
        for (int k = 0; k < 9; k++) printf(" %.17g", w[k]);
        printf("\nplain_virial");
        for (int k = 0; k < 9; k++) printf(" %.17g", w_plain[k]);
        printf("\n");
        for (int i = 0; i < n; i++)
            printf("atom %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g %.17g\n", i, ae[i], f[3 * i], f[3 * i + 1],
                   f[3 * i + 2], sigma[i], f_plain[3 * i], f_plain[3 * i + 1], f_plain[3 * i + 2]);
        if (!pbc[0] && !pbc[1] && !pbc[2]) {
            /* The molecule as its own domain: every atom owned, every other atom a neighbour. */
            int *species = malloc(sizeof(int) * n), *counts = malloc(sizeof(int) * n);
            int *neighbours = malloc(sizeof(int) * n * n), entry = 0;
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < latte_potential_species_count(p); s++)
                    if (latte_potential_atomic_number(p, s) == z[i]) species[i] = s;
                counts[i] = n - 1;
                for (int j = 0; j < n; j++) if (j != i) neighbours[entry++] = j;
            }
            double *member_forces = malloc(sizeof(double) * 3 * n * members), *domain_sigma = malloc(sizeof(double) * n);
            double e_domain;
            status = latte_compute_neighbours_committee(p, n, 0, x, species, counts, neighbours, &e_domain, NULL, f,
                                                        NULL, NULL, member_forces);
            if (status != LATTE_OK) { printf("domain %d %s\n", status, latte_last_error()); return 0; }
            status = latte_committee_force_deviations(members, n, member_forces, domain_sigma);
            if (status != LATTE_OK) { printf("deviations %d %s\n", status, latte_last_error()); return 0; }
            printf("domain_energy %.17g\n", e_domain);
            for (int i = 0; i < n; i++)
                printf("domain_atom %d %.17g %.17g %.17g %.17g\n", i, f[3 * i], f[3 * i + 1], f[3 * i + 2], domain_sigma[i]);
            for (int k = 0; k < members; k++)
                printf("member %d %.17g %.17g %.17g\n", k, member_forces[3 * n * k], member_forces[3 * n * k + 1],
                       member_forces[3 * n * k + 2]);
        }
        status = latte_committee_force_deviations(0, n, f, sigma);
        printf("no_members %d %s\n", status, latte_last_error());
        status = latte_committee_force_deviations(1, n, NULL, sigma);
        printf("null_forces %d %s\n", status, latte_last_error());
        latte_potential_free(p);
        return 0;
    }
    """#

    /// The program above, built against a bundle of `potential` (remove the bundle's parent when done).
    static func buildCommitteeProgram(potential: String) throws -> (program: URL, bundle: URL) {
        let compiler = try #require(ExternalProgram.find(["cc", "gcc", "clang"]), "a C compiler is needed")
        let (bundle, export) = try LatteExportTests.export(potential)
        try #require(export.0 == 0, "\(export.2)")
        try Self.committeeProgram.write(to: bundle.appendingPathComponent("committee.c"), atomically: true, encoding: .utf8)
        let built = try ExternalProgram.run(compiler, ["-std=c99", "-Wall", "-Werror", "-I", "include", "committee.c",
                                                       "-L", "lib", "-llatte", "-lm", "-Wl,-rpath,$ORIGIN/lib", "-o", "committee"],
                                            in: bundle)
        try #require(built.0 == 0, "\(built.2)")
        return (bundle.appendingPathComponent("committee"), bundle)
    }

    /// The program's output on `structure` under `potential`, as lines keyed by their first word
    /// (atom lines keyed "atom i", "domain_atom i", "member k").
    static func runCommitteeProgram(_ program: URL, potential: String, structure: Structure) throws -> [String: [String]] {
        let input = program.deletingLastPathComponent().appendingPathComponent("structure-\(UUID()).txt")
        var text = "\(structure.atomCount)\n"
        if let cell = structure.cell {
            text += [cell.a, cell.b, cell.c].map { "\($0.x) \($0.y) \($0.z)" }.joined(separator: " ") + "\n"
        } else {
            text += "none\n"
        }
        text += structure.pbc.map { $0 ? "1" : "0" }.joined(separator: " ") + "\n"
        for (symbol, x) in zip(structure.species, structure.positions) {
            text += "\(Element(symbol: symbol)!.atomicNumber) \(x.x) \(x.y) \(x.z)\n"
        }
        try text.write(to: input, atomically: true, encoding: .utf8)
        let (status, output, stderr) = try ExternalProgram.run(program, [potential, input.path], in: program.deletingLastPathComponent())
        try #require(status == 0, "\(output)\(stderr)")
        var lines: [String: [String]] = [:]
        for line in output.split(separator: "\n") {
            var fields = line.split(separator: " ").map(String.init)
            let keyed = ["atom", "domain_atom", "member"].contains(fields[0])
            let key = keyed ? "\(fields[0]) \(fields[1])" : fields[0]
            fields.removeFirst(keyed ? 2 : 1)
            lines[key] = fields
        }
        return lines
    }

    /// A 16-atom Ti–Al cluster (a 2 × 2 × 2 supercell of the test set's second cell, nudged, without
    /// its cell) and that supercell itself, periodic.
    static func tialStructures() throws -> [Structure] {
        let periodic = LammpsPairStyleTests.supercell(try LammpsPairStyleTests.tialCells()[1], 2)
        let cluster = Structure(species: periodic.species, positions: periodic.positions, cell: nil, pbc: [false, false, false])
        return [cluster, periodic]
    }

    @Test func aCommitteeGivesTheMeanAndTheDeviationsOfCommitteeModel() throws {
        let (program, bundle) = try Self.buildCommitteeProgram(potential: try CommitteeFixture.three)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let committee = CommitteeModel(try PotentialFile.readCommittee(contentsOf: try CommitteeFixture.three))
        for structure in try Self.tialStructures() {
            let label = structure.isPeriodic ? "periodic" : "cluster"
            let lines = try Self.runCommitteeProgram(program, potential: "potential.json", structure: structure)
            #expect(lines["api"] == ["3", "members", "3"], "\(label)")
            let expected = try committee.evaluate([structure], stress: true)[0]
            let energy = try #require(lines["energy"]).map { Double($0)! }
            #expect(abs(energy[0] - expected.mean.energy) <= 1e-10 * abs(expected.mean.energy), "\(label): energy")
            #expect(abs(energy[1] - expected.energyDeviation) <= 1e-10 * max(1, expected.energyDeviation), "\(label): σ_E")
            #expect(expected.energyDeviation > 1e-3 && expected.maxForceDeviation > 1e-3, "\(label): the members must disagree")
            #expect(energy[2].bitPattern == energy[0].bitPattern, "\(label): latte_compute is the mean")
            #expect(lines["virial"] == lines["plain_virial"], "\(label): latte_compute's virial is the mean's")
            let virial = try #require(lines["virial"]).map { Double($0)! }
            let scale = try #require(expected.mean.virial).map(abs).max()!
            #expect(zip(virial, expected.mean.virial!).allSatisfy { abs($0 - $1) <= 1e-10 * scale }, "\(label): virial")
            for i in 0..<structure.atomCount {
                let atom = try #require(lines["atom \(i)"]).map { Double($0)! }
                #expect(abs(atom[0] - expected.mean.atomicEnergies[i]) <= 1e-10, "\(label): E_\(i)")
                #expect(largest(SIMD3(atom[1], atom[2], atom[3]) - expected.mean.forces[i]) <= 1e-10, "\(label): F_\(i)")
                #expect(abs(atom[4] - expected.forceDeviations[i]) <= 1e-10, "\(label): σ_F,\(i)")
                #expect(atom[1...3] == atom[5...7], "\(label): latte_compute's forces are the mean's")
                guard !structure.isPeriodic else { continue }
                let domain = try #require(lines["domain_atom \(i)"]).map { Double($0)! }
                #expect(largest(SIMD3(domain[0], domain[1], domain[2]) - expected.mean.forces[i]) <= 1e-10, "domain F_\(i)")
                #expect(abs(domain[3] - expected.forceDeviations[i]) <= 1e-10, "domain σ_F,\(i)")
            }
            if !structure.isPeriodic {
                let members = try committee.members.map { try $0.evaluate([structure])[0].forces[0] }
                for (k, force) in members.enumerated() {
                    let printed = try #require(lines["member \(k)"]).map { Double($0)! }
                    #expect(largest(SIMD3(printed[0], printed[1], printed[2]) - force) <= 1e-10, "member \(k)'s force on atom 0")
                }
            }
            #expect(lines["no_members"]?.joined(separator: " ") == "1 the member count must be at least 1 (got 0)")
            #expect(lines["null_forces"]?.joined(separator: " ") == "1 member_forces or force_deviations is NULL")
        }
    }

    @Test func aCommitteeOfOneGivesThePlainPotentialsNumbersBitForBit() throws {
        let (program, bundle) = try Self.buildCommitteeProgram(potential: CommitteeFixture.base)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let single = LatteModel(try PotentialFile.read(contentsOf: CommitteeFixture.base))
        for structure in try Self.tialStructures() {
            let plain = try Self.runCommitteeProgram(program, potential: CommitteeFixture.base, structure: structure)
            let one = try Self.runCommitteeProgram(program, potential: try CommitteeFixture.one, structure: structure)
            #expect(one["api"] == ["3", "members", "1"])
            #expect(plain == one, "a committee file of one member must give the plain file's numbers")
            let expected = try single.evaluate([structure], stress: true)[0]
            let energy = try #require(one["energy"]).map { Double($0)! }
            #expect(energy[0].bitPattern == expected.energy.bitPattern && energy[1] == 0 && energy[2] == energy[0])
            for i in 0..<structure.atomCount {
                let atom = try #require(one["atom \(i)"]).map { Double($0)! }
                #expect(SIMD3(atom[1], atom[2], atom[3]) == expected.forces[i] && atom[4] == 0, "atom \(i)")
            }
        }
    }

    @Test func aCommitteeWithMismatchedSpeciesIsRefusedInOneLine() throws {
        let (program, bundle) = try Self.buildCommitteeProgram(potential: CommitteeFixture.base)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let path = try CommitteeFixture.mismatched
        let lines = try Self.runCommitteeProgram(program, potential: path, structure: try Self.tialStructures()[0])
        #expect(lines["load"]?.joined(separator: " ")
                == "\(path): committee[1].species: expected the species of the first member, [Al, Ti], found [Ti, Al]")
    }
}
