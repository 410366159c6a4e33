/* pair_latte.cpp — `pair_style latte` over liblatte (see pair_latte.h). */
#include "pair_latte.h"

#include "atom.h"
#include "comm.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "neigh_list.h"
#include "neighbor.h"
#include "update.h"
#include "utils.h"

#include "latte.h"

#include <algorithm>
#include <cstring>
#include <malloc.h>

using namespace LAMMPS_NS;

PairLatte::PairLatte(LAMMPS *lmp) : Pair(lmp)
{
  single_enable = 0;
  restartinfo = 0;
  one_coeff = 1;
  manybody_flag = 1;
  // The library returns the virial itself (and per atom), so LAMMPS need not form Σ r·f.
  no_virial_fdotr_compute = 1;
  centroidstressflag = CENTROID_NOTAVAIL;
  // liblatte allocates its per-step work arrays (megabytes) on every call. With glibc's default
  // settings each is mapped and unmapped again, and the page faults cost several per cent of a
  // step; keeping freed memory in the heap lets the next step reuse it (what Latte's own tools
  // do at start-up).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

PairLatte::~PairLatte()
{
  latte_potential_free(potential);
  if (allocated) {
    memory->destroy(setflag);
    memory->destroy(cutsq);
  }
}

void PairLatte::allocate()
{
  allocated = 1;
  const int n = atom->ntypes + 1;
  memory->create(setflag, n, n, "pair:setflag");
  memory->create(cutsq, n, n, "pair:cutsq");
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) setflag[i][j] = 0;
}

/* pair_style latte [threads N] [deviation yes|no] */
void PairLatte::settings(int narg, char **arg)
{
  if (strcmp(update->unit_style, "metal") != 0)
    error->all(FLERR, "pair_style latte needs units metal (Å, eV), not {}", update->unit_style);
  for (int iarg = 0; iarg < narg; iarg += 2) {
    const bool known = strcmp(arg[iarg], "threads") == 0 || strcmp(arg[iarg], "deviation") == 0;
    if (!known || iarg + 1 >= narg)
      error->all(FLERR, "pair_style latte: unexpected argument '{}' (expected nothing, threads N or deviation yes|no)",
                 arg[iarg]);
    if (strcmp(arg[iarg], "deviation") == 0) {
      deviation_always = utils::logical(FLERR, arg[iarg + 1], false, lmp) == 1;
      continue;
    }
    threads = utils::inumeric(FLERR, arg[iarg + 1], false, lmp);
    if (threads < 1) error->all(FLERR, "pair_style latte: threads must be at least 1, not {}", threads);
  }
  if (potential) latte_potential_set_threads(potential, threads);
}

/* pair_coeff * * POTENTIAL.json El1 El2 ... (one element symbol, or NULL, per atom type; LAMMPS itself
   refuses anything but * * since one_coeff is set) */
void PairLatte::coeff(int narg, char **arg)
{
  if (latte_api_version() < LATTE_API_VERSION)
    error->all(FLERR, "pair latte: the liblatte loaded has API version {}, this plugin needs {} (rebuild the plugin "
               "against its bundle's lib/liblatte.so)", latte_api_version(), LATTE_API_VERSION);
  const int ntypes = atom->ntypes;
  if (narg != 3 + ntypes)
    error->all(FLERR, "pair_coeff latte: expected * * POTENTIAL.json and {} element symbols (one per atom type, "
               "or NULL), got {} arguments", ntypes, narg);
  if (!allocated) allocate();

  latte_potential *loaded = latte_potential_load(arg[2]);
  if (!loaded) error->all(FLERR, "pair_coeff latte: {}", latte_last_error());
  latte_potential_free(potential);
  potential = loaded;
  latte_potential_set_threads(potential, threads);
  cutoff = latte_potential_cutoff(potential);
  members = latte_potential_member_count(potential);
  comm_reverse = 3 * members;

  const int count = latte_potential_species_count(potential);
  type_species.assign(ntypes + 1, -1);
  for (int type = 1; type <= ntypes; type++) {
    const char *element = arg[2 + type];
    if (strcmp(element, "NULL") == 0) continue;
    for (int s = 0; s < count; s++)
      if (strcmp(latte_potential_species(potential, s), element) == 0) type_species[type] = s;
    if (type_species[type] < 0) {
      std::string known;
      for (int s = 0; s < count; s++) known += std::string(s ? " " : "") + latte_potential_species(potential, s);
      error->all(FLERR, "pair_coeff latte: element {} of atom type {} is not a species of {} (it has {})",
                 element, type, arg[2], known);
    }
  }
  int mapped = 0;
  for (int i = 1; i <= ntypes; i++)
    for (int j = i; j <= ntypes; j++) {
      const bool both = type_species[i] >= 0 && type_species[j] >= 0;
      setflag[i][j] = both ? 1 : 0;
      mapped += both;
    }
  if (mapped == 0) error->all(FLERR, "pair_coeff latte: every atom type is NULL; map at least one to an element");
}

void PairLatte::init_style()
{
  if (force->newton_pair == 0) error->all(FLERR, "pair_style latte needs newton pair on");
  neighbor->add_request(this, NeighConst::REQ_FULL);
}

double PairLatte::init_one(int i, int j)
{
  if (setflag[i][j] == 0) error->all(FLERR, "All pair coeffs are not set");
  return cutoff;
}

/* The full list as the library takes it: the neighbours of owned atom 0, then of atom 1, ...
   (LAMMPS' ilist may be in any order, and with hybrid styles holds only this style's atoms;
   owned atoms not in it get no neighbours). */
void PairLatte::flatten_neighbour_list()
{
  const int nlocal = atom->nlocal;
  neighbour_counts.assign(nlocal, 0);
  for (int ii = 0; ii < list->inum; ii++) {
    const int i = list->ilist[ii];
    neighbour_counts[i] = list->numneigh[i];
  }
  neighbour_starts.resize(nlocal);
  size_t total = 0;
  for (int i = 0; i < nlocal; i++) {
    neighbour_starts[i] = static_cast<int>(total);
    total += neighbour_counts[i];
  }
  neighbours.resize(total);
  for (int ii = 0; ii < list->inum; ii++) {
    const int i = list->ilist[ii];
    const int *listed = list->firstneigh[i];
    int *target = neighbours.data() + neighbour_starts[i];
    for (int k = 0; k < neighbour_counts[i]; k++) target[k] = listed[k] & NEIGHMASK;
  }
}

void PairLatte::compute(int eflag, int vflag)
{
  ev_init(eflag, vflag);
  const int nlocal = atom->nlocal;
  const int nall = nlocal + atom->nghost;
  species.resize(nall);
  for (int i = 0; i < nall; i++) species[i] = type_species[atom->type[i]];
  flatten_neighbour_list();
  forces.resize(3 * static_cast<size_t>(nall));
  if (eflag_atom) atomic_energies.resize(nlocal);
  if (vflag_atom) atomic_virials.resize(9 * static_cast<size_t>(nall));

  // A committee of one has no spread: its deviation is zero and needs no member forces.
  const bool deviation = (deviation_always || deviation_flag) && members > 1;
  if (deviation) member_forces.resize(3 * static_cast<size_t>(members) * nall);
  member_stride = nall;

  double energy = 0.0, w[9];
  const int status = latte_compute_neighbours_committee(
      potential, nlocal, atom->nghost, nall ? atom->x[0] : nullptr, species.data(), neighbour_counts.data(),
      neighbours.data(), &energy, eflag_atom ? atomic_energies.data() : nullptr, forces.data(),
      vflag_global ? w : nullptr, vflag_atom ? atomic_virials.data() : nullptr,
      deviation ? member_forces.data() : nullptr);
  if (status != LATTE_OK) error->one(FLERR, "pair latte: {}", latte_last_error());
  if (deviation) compute_force_deviations();
  else force_deviations.assign(std::max(nlocal, 1), 0.0);  // never empty: fix pair needs a pointer on every rank

  double **f = atom->f;
  for (int i = 0; i < nall; i++)
    for (int k = 0; k < 3; k++) f[i][k] += forces[3 * i + k];
  if (eflag_global) eng_vdwl += energy;
  if (eflag_atom)
    for (int i = 0; i < nlocal; i++) eatom[i] += atomic_energies[i];
  // LAMMPS keeps symmetric tensors as xx, yy, zz, xy, xz, yz; the library's are row-major 3×3.
  const int voigt[6] = {0, 4, 8, 1, 2, 5};
  if (vflag_global)
    for (int k = 0; k < 6; k++) virial[k] += w[voigt[k]];
  if (vflag_atom)
    for (int i = 0; i < nall; i++)
      for (int k = 0; k < 6; k++) vatom[i][k] += atomic_virials[9 * i + voigt[k]];
}

/* sigma_F,i of the owned atoms from the members' forces, once the ghosts' member forces are
   summed into their owners (pack/unpack_reverse_comm). */
void PairLatte::compute_force_deviations()
{
  comm->reverse_comm(this);
  const size_t nlocal = atom->nlocal, nall = member_stride;
  owned_member_forces.resize(3 * static_cast<size_t>(members) * nlocal);
  for (int k = 0; k < members; k++)
    std::copy_n(member_forces.data() + 3 * k * nall, 3 * nlocal, owned_member_forces.data() + 3 * k * nlocal);
  force_deviations.resize(std::max<size_t>(nlocal, 1));
  const int status = latte_committee_force_deviations(members, static_cast<int>(nlocal), owned_member_forces.data(),
                                                      force_deviations.data());
  if (status != LATTE_OK) error->one(FLERR, "pair latte: {}", latte_last_error());
}

/* The members' forces on ghosts `first` ... `first + n - 1`, member by member. */
int PairLatte::pack_reverse_comm(int n, int first, double *buf)
{
  const size_t nall = member_stride;
  int m = 0;
  for (int i = first; i < first + n; i++)
    for (int k = 0; k < members; k++)
      for (int d = 0; d < 3; d++) buf[m++] = member_forces[3 * (k * nall + i) + d];
  return m;
}

/* Adds the members' ghost forces of pack_reverse_comm into their owners `list`. */
void PairLatte::unpack_reverse_comm(int n, int *list, double *buf)
{
  const size_t nall = member_stride;
  int m = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < members; k++)
      for (int d = 0; d < 3; d++) member_forces[3 * (k * nall + list[i]) + d] += buf[m++];
}

/* "force_deviation_flag": the trigger fix pair sets on the steps it wants force_deviation. */
void *PairLatte::extract(const char *name, int &dim)
{
  dim = 0;
  if (strcmp(name, "force_deviation_flag") == 0) return &deviation_flag;
  return nullptr;
}

/* "force_deviation": sigma_F,i of each owned atom, eV/Å (a vector: ncol = 0). */
void *PairLatte::extract_peratom(const char *name, int &ncol)
{
  ncol = 0;
  if (strcmp(name, "force_deviation") == 0) return force_deviations.data();
  return nullptr;
}

double PairLatte::memory_usage()
{
  double bytes = Pair::memory_usage();
  bytes += sizeof(int) * (species.capacity() + neighbour_counts.capacity() + neighbour_starts.capacity() +
                          neighbours.capacity());
  bytes += sizeof(double) * (forces.capacity() + atomic_energies.capacity() + atomic_virials.capacity() +
                             member_forces.capacity() + owned_member_forces.capacity() + force_deviations.capacity());
  return bytes;
}
