/*
 * latte.h — the C API of liblatte: energies, forces, per-atom energies and virials of a
 * trained LATTE potential (potential.json, as written by latte-train), or of a committee of
 * potentials with their spread (a committee file, docs/COMMITTEE.md).
 *
 * Units: lengths in Å, energies in eV, forces in eV/Å, virials in eV.
 *
 * Usage:
 *
 *     latte_potential *p = latte_potential_load("potential.json");
 *     if (!p) { fprintf(stderr, "%s\n", latte_last_error()); return 1; }
 *     double energy, forces[3 * N];
 *     if (latte_compute(p, N, positions, atomic_numbers, cell, pbc,
 *                       &energy, forces, NULL, NULL) != LATTE_OK)
 *         fprintf(stderr, "%s\n", latte_last_error());
 *     latte_potential_free(p);
 *
 * Link with -llatte (and -Wl,-rpath,<folder of liblatte.so> or LD_LIBRARY_PATH). The library
 * carries its own Swift runtime; it needs only the C library, libstdc++ and a BLAS and LAPACKE
 * (on Debian/Ubuntu: libopenblas0 or libblas3, and liblapacke).
 *
 * Threads: a handle shares nothing with other handles, so separate handles may be used from
 * separate threads at the same time. One handle must not be used by two threads at once
 * (give each thread its own handle). Error messages are kept per thread.
 *
 * Committees: a handle holds a committee of K potentials (a plain potential.json is a
 * committee of K = 1). Every compute call returns the committee MEAN <x> = (1/K) sum_k x_k
 * of energies, forces, per-atom energies and virials, summed in member order, so that for
 * K = 1 the numbers are the potential's own, bit for bit. The spread (API version 3):
 *   energy deviation  sigma_E   = sqrt(<(E_k - <E>)^2>)              (eV)
 *   force deviation   sigma_F,i = sqrt(<|F_k,i - <F_i>|^2>) of atom i  (eV/Å)
 * (DeePMD-kit's model deviation; its max_devi_f is max_i sigma_F,i.) Both are 0 for K = 1.
 *
 * Errors: functions that can fail return a status (LATTE_OK or one of the LATTE_ERROR_*
 * codes below), or NULL for latte_potential_load; latte_last_error() then describes the
 * failure in one line. Bad input never crashes the process.
 */
#ifndef LATTE_H
#define LATTE_H

#ifdef __cplusplus
extern "C" {
#endif

/* The API version this header describes; latte_api_version() returns the library's.
   Version 2 added latte_potential_set_threads and latte_compute_neighbours. Version 3 added
   committees: latte_potential_load reads committee files, the compute calls return the
   committee mean, and latte_potential_member_count, latte_compute_committee,
   latte_compute_neighbours_committee and latte_committee_force_deviations give the spread.
   Every earlier call works as before, and on a plain potential gives the same numbers. */
#define LATTE_API_VERSION 3

/* Status codes. */
#define LATTE_OK 0
/* A NULL pointer where one is required, a negative atom count, a non-finite position or
   cell entry, a periodic axis without a cell, a cell that does not span space or is far
   thinner than the cutoff (over 1000 periodic images). */
#define LATTE_ERROR_ARGUMENT 1
/* The potential file is missing, unreadable or not a valid potential.json or committee file
   (members that differ in species, species order or cutoff included). */
#define LATTE_ERROR_FILE 2
/* An atom's atomic number or species index is not one of the potential's species. */
#define LATTE_ERROR_SPECIES 3
/* The result is not finite (for example two atoms at the same position). */
#define LATTE_ERROR_NUMERIC 4
/* Anything else (a bug in the library; the message says what). */
#define LATTE_ERROR_INTERNAL 5

/* A loaded potential. Opaque: create with latte_potential_load, release with
   latte_potential_free. */
typedef struct latte_potential latte_potential;

/* The API version of the loaded library (LATTE_API_VERSION when header and library match). */
int latte_api_version(void);

/* A one-line description of the most recent failure on the calling thread, or "" when
   nothing has failed on it. The text belongs to the library and stays valid until the next
   failing call on the same thread. Successful calls do not change it. */
const char *latte_last_error(void);

/* Loads the potential.json or committee file at `path` (UTF-8; a plain potential is a
   committee of one). Returns a new handle, or NULL when the file is missing, unreadable or
   invalid, or when a member's species or cutoff differ from the first member's
   (latte_last_error() names the file, the field and the problem in one line). */
latte_potential *latte_potential_load(const char *path);

/* Releases a handle and everything it owns. NULL is ignored. */
void latte_potential_free(latte_potential *potential);

/* The cutoff radius R_c in Å: atoms interact when closer than R_c. 0 for NULL. */
double latte_potential_cutoff(const latte_potential *potential);

/* The number of species the potential knows. 0 for NULL. */
int latte_potential_species_count(const latte_potential *potential);

/* The symbol of species `index` (0 <= index < species count), in the potential's order, as
   in potential.json's "species" ("H", "C", ...). The text belongs to the handle and lives
   as long as it. NULL when `index` is out of range or `potential` is NULL. */
const char *latte_potential_species(const latte_potential *potential, int index);

/* The atomic number of species `index`; 0 when the species symbol is not an element symbol,
   when `index` is out of range or when `potential` is NULL. */
int latte_potential_atomic_number(const latte_potential *potential, int index);

/* Energy, forces, per-atom energies and virial of one structure of `n_atoms` atoms (for a
 * committee, the members' mean).
 *
 * Inputs:
 *   positions       [3 * n_atoms]  Cartesian coordinates, Å: x0 y0 z0 x1 y1 z1 ...
 *                                  Atoms may lie outside the cell.
 *   atomic_numbers  [n_atoms]      Z of each atom; each must be one of the potential's species.
 *   cell            [9] or NULL    the lattice vectors as rows, Å: ax ay az bx by bz cx cy cz
 *                                  (ASE's atoms.cell, row-major). NULL: no cell.
 *   pbc             [3] or NULL    non-zero = periodic along that lattice vector. NULL: not
 *                                  periodic at all. A periodic axis needs a cell.
 * Outputs (each may be NULL when not wanted; written only when LATTE_OK is returned):
 *   energy          [1]            E, eV.
 *   forces          [3 * n_atoms]  F_i = -dE/dx_i, eV/Å, in the order of positions.
 *   atomic_energies [n_atoms]      E_i, eV; they sum to E.
 *   virial          [9]            W = -sum over pairs of v ⊗ dE/dv (v the bond vector
 *                                  neighbour minus centre), eV, row-major. On a periodic cell
 *                                  of volume V the stress in ASE's sign convention (positive
 *                                  under tension) is -W / V. Asking for it costs extra time.
 *
 * The neighbour list (all pairs closer than the cutoff, periodic images included) is built
 * inside on every call. n_atoms = 0 gives E = 0. Returns LATTE_OK or an error status (see
 * latte_last_error()).
 */
int latte_compute(latte_potential *potential, int n_atoms,
                  const double *positions, const int *atomic_numbers,
                  const double *cell, const int *pbc,
                  double *energy, double *forces, double *atomic_energies, double *virial);

/* The same as latte_compute, with atoms named by species index instead of atomic number:
   species[i] is in 0 ... latte_potential_species_count() - 1, in the potential's order (the
   way a LAMMPS-style type map names atoms). */
int latte_compute_species(latte_potential *potential, int n_atoms,
                          const double *positions, const int *species,
                          const double *cell, const int *pbc,
                          double *energy, double *forces, double *atomic_energies, double *virial);

/* Sets the number of threads that later calls on this handle use (API version 2). The
   default is 1: an MD engine's MPI ranks are the usual parallelism. The numbers computed do
   not depend on it. Returns LATTE_OK, or LATTE_ERROR_ARGUMENT for a NULL handle or a count
   below 1. */
int latte_potential_set_threads(latte_potential *potential, int threads);

/* Energy, forces, per-atom energies and virials of one domain of an MD engine, from the
 * engine's own neighbour list (API version 2). This is the call a LAMMPS pair style makes.
 *
 * The atoms are n_local owned atoms, numbered 0 ... n_local - 1, then n_ghost ghost atoms,
 * numbered n_local ... n_local + n_ghost - 1: copies of other domains' atoms and periodic
 * images, at their shifted positions (so no cell is needed). Only owned atoms are centres;
 * the energy is theirs alone, and every atom, ghost or not, receives the forces of the pairs
 * it is part of. Summing the forces of each ghost into its owner (LAMMPS: newton pair on)
 * gives the forces of the whole system.
 *
 * Inputs (n = n_local + n_ghost):
 *   positions        [3 * n]        Cartesian coordinates, Å: x0 y0 z0 x1 ...
 *   species          [n]            species index of each atom, in the potential's order
 *                                   (0 ... latte_potential_species_count() - 1), or -1 for an
 *                                   atom this potential does not handle (a NULL type of a
 *                                   LAMMPS hybrid pair style): it is neither centre nor
 *                                   neighbour.
 *   neighbour_counts [n_local]      how many neighbours each owned atom has in `neighbours`
 *   neighbours       [sum of counts] the neighbours of atom 0, then of atom 1, ...: indices in
 *                                   0 ... n - 1, owned or ghost (a full list: each pair once
 *                                   per owned centre). Pairs at or beyond the cutoff are
 *                                   allowed and skipped (lists with a skin).
 * For a committee every output is the members' mean.
 *
 * Outputs (each may be NULL when not wanted; written only when LATTE_OK is returned):
 *   energy           [1]            sum of the owned atoms' energies, eV
 *   atomic_energies  [n_local]      E_i of each owned atom, eV
 *   forces           [3 * n]        force on every atom, owned and ghost, eV/Å (overwritten,
 *                                   not added to)
 *   virial           [9]            W = -sum over the pairs of v (x) dE/dv (v = x_j - x_i),
 *                                   eV, row-major; equal to LAMMPS' sum of r_i (x) f_i over
 *                                   owned and ghost atoms
 *   atomic_virials   [9 * n]        W split over atoms, each pair giving half of its term to
 *                                   each of its two atoms (LAMMPS' per-atom virial of pair
 *                                   terms), eV, row-major per atom; they sum to W
 * Returns LATTE_OK or an error status: LATTE_ERROR_ARGUMENT for a NULL array that is needed,
 * a negative count, a non-finite position, a neighbour index out of range or equal to its
 * centre; LATTE_ERROR_SPECIES for a species index below -1 or beyond the potential's;
 * LATTE_ERROR_NUMERIC for a result that is not finite.
 */
int latte_compute_neighbours(latte_potential *potential, int n_local, int n_ghost,
                             const double *positions, const int *species,
                             const int *neighbour_counts, const int *neighbours,
                             double *energy, double *atomic_energies, double *forces,
                             double *virial, double *atomic_virials);

/* The number of members of the committee (1 for a plain potential; API version 3). 0 for
   NULL. */
int latte_potential_member_count(const latte_potential *potential);

/* latte_compute with the committee's spread (API version 3): the same inputs, the same
 * (mean) outputs, and
 *   energy_deviation [1] or NULL         sigma_E, eV
 *   force_deviations [n_atoms] or NULL   sigma_F,i of each atom, eV/Å, in the order of
 *                                        positions (their maximum is DeePMD's max_devi_f)
 * One evaluation of each member gives all of them. For a plain potential the deviations are
 * 0 and the other outputs equal latte_compute's, bit for bit. Returns as latte_compute.
 */
int latte_compute_committee(latte_potential *potential, int n_atoms,
                            const double *positions, const int *atomic_numbers,
                            const double *cell, const int *pbc,
                            double *energy, double *forces, double *atomic_energies, double *virial,
                            double *energy_deviation, double *force_deviations);

/* latte_compute_neighbours with each member's forces (API version 3): the same inputs, the
 * same (mean) outputs, and
 *   member_forces [K * 3 * n] or NULL   F_k on every atom, owned and ghost, member by member:
 *                                       member k's force on atom a at 3 * (k * n + a),
 *                                       eV/Å (overwritten, not added to)
 * with K = latte_potential_member_count() and n = n_local + n_ghost. A ghost's force is only
 * its part of its owner's force, so a force deviation needs the whole force: add each ghost's
 * member forces into its owner (LAMMPS: a reverse communication of 3 K numbers per atom),
 * then pass the owned atoms' member forces to latte_committee_force_deviations. With
 * member_forces NULL this is latte_compute_neighbours. Returns as latte_compute_neighbours.
 */
int latte_compute_neighbours_committee(latte_potential *potential, int n_local, int n_ghost,
                                       const double *positions, const int *species,
                                       const int *neighbour_counts, const int *neighbours,
                                       double *energy, double *atomic_energies, double *forces,
                                       double *virial, double *atomic_virials, double *member_forces);

/* The force deviation sigma_F,i = sqrt(<|F_k,i - <F_i>|^2>) of each of `n_atoms` atoms from
 * the forces of `n_members` members (API version 3), computed as latte_compute_committee does:
 *   member_forces    [n_members * 3 * n_atoms]  member k's force on atom i at 3 * (k * n_atoms + i)
 *   force_deviations [n_atoms]                  sigma_F,i, eV/Å
 * Returns LATTE_OK, or LATTE_ERROR_ARGUMENT for n_members < 1, n_atoms < 0, a NULL array
 * (with n_atoms > 0) or a force that is not finite.
 */
int latte_committee_force_deviations(int n_members, int n_atoms, const double *member_forces,
                                     double *force_deviations);

#ifdef __cplusplus
}
#endif

#endif /* LATTE_H */
