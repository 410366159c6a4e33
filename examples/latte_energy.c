/*
 * latte_energy: the energy, forces and per-atom energies of the first frame of an XYZ file
 * under a LATTE potential, through liblatte's C API (latte.h).
 *
 *     cc -std=c99 -I include latte_energy.c -L lib -llatte -Wl,-rpath,'$ORIGIN/lib' -o latte_energy
 *     ./latte_energy potential.json molecule.xyz
 *
 * The file is XYZ: a count line, a comment line, then one "symbol x y z [more columns]" line
 * per atom. When the comment holds Lattice="ax ay az bx by bz cx cy cz" (extended XYZ), that
 * is the cell, periodic along every axis unless pbc="F F F" (or a mix of T and F) says
 * otherwise. Prints "energy E", then "atom i symbol E_i fx fy fz" per atom (eV, eV/Å), all
 * with 17 significant digits. Exit status 1 with the library's message on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "latte.h"

static int fail(const char *what) {
    fprintf(stderr, "latte_energy: %s\n", what);
    return 1;
}

/* Reads the 9 numbers after Lattice=" and the 3 flags after pbc=" in an extended XYZ comment. */
static int read_cell(const char *comment, double cell[9], int pbc[3]) {
    const char *lattice = strstr(comment, "Lattice=\"");
    if (!lattice) return 0;
    if (sscanf(lattice + 9, "%lf %lf %lf %lf %lf %lf %lf %lf %lf", &cell[0], &cell[1], &cell[2],
               &cell[3], &cell[4], &cell[5], &cell[6], &cell[7], &cell[8]) != 9) return 0;
    pbc[0] = pbc[1] = pbc[2] = 1;
    const char *flags = strstr(comment, "pbc=\"");
    if (flags) {
        char f[3];
        if (sscanf(flags + 5, " %c %c %c", &f[0], &f[1], &f[2]) == 3)
            for (int k = 0; k < 3; k++) pbc[k] = (f[k] == 'T' || f[k] == 't');
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) return fail("usage: latte_energy POTENTIAL.json STRUCTURE.xyz");
    latte_potential *potential = latte_potential_load(argv[1]);
    if (!potential) return fail(latte_last_error());

    FILE *file = fopen(argv[2], "r");
    if (!file) return fail("cannot open the structure file");
    char line[4096];
    int n = 0;
    if (!fgets(line, sizeof line, file) || sscanf(line, "%d", &n) != 1 || n < 0)
        return fail("the first line must be the number of atoms");
    char comment[4096] = "";
    if (!fgets(comment, sizeof comment, file)) return fail("the comment line is missing");
    double cell[9];
    int pbc[3] = {0, 0, 0};
    int has_cell = read_cell(comment, cell, pbc);

    double *positions = malloc(sizeof(double) * 3 * (n > 0 ? n : 1));
    int *species = malloc(sizeof(int) * (n > 0 ? n : 1));
    char (*symbols)[8] = malloc(sizeof *symbols * (n > 0 ? n : 1));
    int species_count = latte_potential_species_count(potential);
    for (int i = 0; i < n; i++) {
        if (!fgets(line, sizeof line, file) ||
            sscanf(line, "%7s %lf %lf %lf", symbols[i], &positions[3 * i], &positions[3 * i + 1],
                   &positions[3 * i + 2]) != 4)
            return fail("an atom line must be: symbol x y z");
        species[i] = -1;  /* the library refuses an unknown species with a clear message */
        for (int s = 0; s < species_count; s++)
            if (strcmp(symbols[i], latte_potential_species(potential, s)) == 0) species[i] = s;
    }
    fclose(file);

    double energy;
    double *forces = malloc(sizeof(double) * 3 * (n > 0 ? n : 1));
    double *atomic_energies = malloc(sizeof(double) * (n > 0 ? n : 1));
    int status = latte_compute_species(potential, n, positions, species, has_cell ? cell : NULL, pbc,
                                       &energy, forces, atomic_energies, NULL);
    if (status != LATTE_OK) return fail(latte_last_error());

    printf("energy %.17g\n", energy);
    for (int i = 0; i < n; i++)
        printf("atom %d %s %.17g %.17g %.17g %.17g\n", i, symbols[i], atomic_energies[i],
               forces[3 * i], forces[3 * i + 1], forces[3 * i + 2]);

    free(positions); free(species); free(symbols); free(forces); free(atomic_energies);
    latte_potential_free(potential);
    return 0;
}
