/* pair_latte.h — `pair_style latte`: a LATTE potential (potential.json, written by
 * latte-train) or a committee of them (docs/COMMITTEE.md) evaluated in float64 by liblatte
 * (include/latte.h), on LAMMPS' own domain decomposition: each rank passes its owned and
 * ghost atoms and its full neighbour list to latte_compute_neighbours, which returns the owned
 * atoms' energies and the forces on owned and ghost atoms (LAMMPS sums ghost forces into their
 * owners: newton pair on). For a committee these are the members' mean, which drives the
 * dynamics.
 *
 *     pair_style latte [threads N] [deviation yes|no]
 *     pair_coeff * * potential.json El1 El2 ...   (one element symbol, or NULL, per atom type)
 *
 * The force deviation sigma_F,i = sqrt(<|F_k,i - <F_i>|^2>) of each owned atom (eV/Å) is the
 * per-atom quantity `force_deviation` of Pair::extract_peratom, for `fix pair`:
 *
 *     fix dev all pair 1 latte force_deviation 1   # f_dev: sigma_F,i every step
 *     compute maxdev all reduce max f_dev          # c_maxdev: max_i sigma_F,i, for thermo
 *
 * It is computed only on steps that ask for it: when fix pair sets the trigger
 * `force_deviation_flag` (the 1 after the name), or on every step with `deviation yes`.
 * Otherwise it holds zeros and costs nothing. To get it, each member's forces on owned and
 * ghost atoms come back from latte_compute_neighbours_committee, the ghosts' parts are summed
 * into their owners by a reverse communication of 3 K numbers per atom (K members), and
 * latte_committee_force_deviations forms sigma_F,i from the whole forces, so it is the same on
 * any number of MPI ranks.
 */
#ifndef LATTE_PAIR_LATTE_H
#define LATTE_PAIR_LATTE_H

#include "pair.h"

#include <string>
#include <vector>

struct latte_potential;

namespace LAMMPS_NS {

class PairLatte : public Pair {
 public:
  PairLatte(class LAMMPS *);
  ~PairLatte() override;

  void compute(int eflag, int vflag) override;
  void settings(int narg, char **arg) override;
  void coeff(int narg, char **arg) override;
  void init_style() override;
  double init_one(int i, int j) override;
  double memory_usage() override;
  void *extract(const char *name, int &dim) override;
  void *extract_peratom(const char *name, int &ncol) override;
  int pack_reverse_comm(int n, int first, double *buf) override;
  void unpack_reverse_comm(int n, int *list, double *buf) override;

 private:
  latte_potential *potential = nullptr;
  double cutoff = 0.0;
  int threads = 1;
  int members = 1;                  // K, the committee's size
  bool deviation_always = false;    // pair_style latte deviation yes
  int deviation_flag = 0;           // set by fix pair on the steps that want force_deviation
  std::vector<int> type_species;    // [ntypes + 1]: species index of each type, -1 for NULL

  // Work arrays of compute(), kept between steps. On the heap: a domain may hold millions
  // of atoms, far more than a thread's stack.
  std::vector<int> species;               // [owned + ghost]
  std::vector<int> neighbour_counts;      // [owned]
  std::vector<int> neighbour_starts;      // [owned]
  std::vector<int> neighbours;            // [sum of counts]
  std::vector<double> forces;             // [owned + ghost, 3]
  std::vector<double> atomic_energies;    // [owned]
  std::vector<double> atomic_virials;     // [owned + ghost, 9]
  std::vector<double> member_forces;      // [members, owned + ghost, 3]
  std::vector<double> owned_member_forces;  // [members, owned, 3]
  std::vector<double> force_deviations;   // [owned]: sigma_F,i (extract_peratom "force_deviation")
  int member_stride = 0;                  // owned + ghost of the last member_forces

  void allocate();
  void flatten_neighbour_list();
  void compute_force_deviations();
};

}    // namespace LAMMPS_NS

#endif
