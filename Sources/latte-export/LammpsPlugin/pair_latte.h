/* pair_latte.h — `pair_style latte`: a LATTE potential (potential.json, written by
 * latte-train) evaluated in float64 by liblatte (include/latte.h), on LAMMPS' own domain
 * decomposition: each rank passes its owned and ghost atoms and its full neighbour list to
 * latte_compute_neighbours, which returns the owned atoms' energies and the forces on owned
 * and ghost atoms (LAMMPS sums ghost forces into their owners: newton pair on).
 *
 *     pair_style latte [threads N]
 *     pair_coeff * * potential.json El1 El2 ...   (one element symbol, or NULL, per atom type)
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

 private:
  latte_potential *potential = nullptr;
  double cutoff = 0.0;
  int threads = 1;
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

  void allocate();
  void flatten_neighbour_list();
};

}    // namespace LAMMPS_NS

#endif
