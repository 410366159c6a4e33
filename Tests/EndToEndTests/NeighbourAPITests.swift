import Foundation
import Testing

/// `latte_compute_neighbours` and `latte_potential_set_threads` (C API version 2) from a C
/// program built against a bundle: a molecule given with its own neighbour list equals
/// `latte_compute`, and every malformed argument is a status with a line naming it.
struct NeighbourAPITests {
    static let program = #"""
    #include <math.h>
    #include <stdio.h>
    #include "latte.h"

    static void report(const char *label, int status) {
        printf("%s %d %s\n", label, status, status == LATTE_OK ? "" : latte_last_error());
    }

    int main(int argc, char **argv) {
        latte_potential *p = latte_potential_load(argv[1]);
        if (!p) { printf("load %s\n", latte_last_error()); return 1; }
        printf("api %d\n", latte_api_version());
        /* Three atoms of species 0, 1, 1; all pairs listed both ways, plus a far one (skipped). */
        double x[12] = {0, 0, 0, 1.9, 0.3, 0, 0.4, 2.1, 0.2, 30, 30, 30};
        int species[4] = {0, 1, 1, 0};
        int counts[3] = {3, 2, 2};
        int neighbours[7] = {1, 2, 3, 0, 2, 0, 1};
        double e = 0, f[12], w[9], ae[3], aw[36];
        report("set_threads", latte_potential_set_threads(p, 2));
        report("domain", latte_compute_neighbours(p, 3, 1, x, species, counts, neighbours, &e, ae, f, w, aw));
        int numbers[3] = {latte_potential_atomic_number(p, 0), latte_potential_atomic_number(p, 1),
                          latte_potential_atomic_number(p, 1)};
        double e2 = 0, f2[9];
        report("whole", latte_compute(p, 3, x, numbers, NULL, NULL, &e2, f2, NULL, NULL));
        double df = 0;
        for (int k = 0; k < 9; k++) df = fmax(df, fabs(f[k] - f2[k]));
        printf("energies %.17g %.17g largest_force_difference %.3g far_atom_force %.17g\n", e, e2, df,
               fabs(f[9]) + fabs(f[10]) + fabs(f[11]));

        int bad_index[7] = {1, 2, 4, 0, 2, 0, 1}, self[7] = {0, 2, 3, 0, 2, 0, 1};
        int bad_species[4] = {0, 7, 1, 0}, negative[3] = {3, -1, 2};
        double nan_x[12] = {0, 0, 0, NAN, 0.3, 0, 0.4, 2.1, 0.2, 30, 30, 30};
        report("index", latte_compute_neighbours(p, 3, 1, x, species, counts, bad_index, &e, 0, f, 0, 0));
        report("self", latte_compute_neighbours(p, 3, 1, x, species, counts, self, &e, 0, f, 0, 0));
        report("species", latte_compute_neighbours(p, 3, 1, x, bad_species, counts, neighbours, &e, 0, f, 0, 0));
        report("count", latte_compute_neighbours(p, 3, 1, x, species, negative, neighbours, &e, 0, f, 0, 0));
        report("nan", latte_compute_neighbours(p, 3, 1, nan_x, species, counts, neighbours, &e, 0, f, 0, 0));
        report("null", latte_compute_neighbours(p, 3, 1, NULL, species, counts, neighbours, &e, 0, f, 0, 0));
        report("ghosts", latte_compute_neighbours(p, 3, -1, x, species, counts, neighbours, &e, 0, f, 0, 0));
        report("threads", latte_potential_set_threads(p, 0));
        latte_potential_free(p);
        return 0;
    }
    """#

    @Test func theDomainCallEqualsTheWholeStructureAndRefusesBadArguments() throws {
        let compiler = try #require(ExternalProgram.find(["cc", "gcc", "clang"]), "a C compiler is needed")
        let potential = LatteEvalTests.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_tial.json").path
        let (bundle, export) = try LatteExportTests.export(potential)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        try #require(export.0 == 0, "\(export.2)")
        try Self.program.write(to: bundle.appendingPathComponent("neighbours.c"), atomically: true, encoding: .utf8)
        let built = try ExternalProgram.run(compiler, ["-std=c99", "-Wall", "-Werror", "-I", "include", "neighbours.c",
                                                       "-L", "lib", "-llatte", "-lm", "-Wl,-rpath,$ORIGIN/lib", "-o", "neighbours"],
                                            in: bundle)
        try #require(built.0 == 0, "\(built.2)")
        let (status, output, _) = try ExternalProgram.run(bundle.appendingPathComponent("neighbours"), ["potential.json"], in: bundle)
        #expect(status == 0)
        let lines = Dictionary(output.split(separator: "\n").map { line in
            (String(line.prefix { $0 != " " }), String(line.drop { $0 != " " }.dropFirst()))
        }, uniquingKeysWith: { $1 })
        #expect(lines["api"] == "3")
        #expect(lines["set_threads"] == "0 ")
        #expect(lines["domain"] == "0 " && lines["whole"] == "0 ")
        let numbers = try #require(lines["energies"]).split(separator: " ")
        let (e, e2) = (Double(numbers[0])!, Double(numbers[1])!)
        #expect(abs(e - e2) <= 1e-12 * abs(e2) && e != 0)
        #expect(Double(numbers[3])! <= 1e-12, "forces")
        #expect(Double(numbers[5])! == 0, "an atom beyond the cutoff feels no force")
        #expect(lines["index"] == "1 atom 0: neighbour 4 is not an atom (expected 0 ..< 4)")
        #expect(lines["self"] == "1 atom 0: neighbour 0 is the atom itself")
        #expect(lines["species"]?.hasPrefix("3 atom 1: species index 7 is out of range (the potential has 2 species: ") == true)
        #expect(lines["count"] == "1 atom 1: negative neighbour count -1")
        #expect(lines["nan"] == "1 atom 1: position (nan, 0.3, 0.0) is not finite")
        #expect(lines["null"] == "1 positions or species is NULL")
        #expect(lines["ghosts"] == "1 the owned and ghost atom counts must not be negative (3, -1)")
        #expect(lines["threads"] == "1 the thread count must be at least 1 (got 0)")
    }
}
