/* latteplugin.cpp — registers `pair_style latte` with LAMMPS when the plugin is loaded. */
#include "lammpsplugin.h"

#include "lammps.h"
#include "pair_latte.h"

using namespace LAMMPS_NS;

static Pair *create_pair_latte(LAMMPS *lmp)
{
  return new PairLatte(lmp);
}

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  lammpsplugin_t plugin;
  // The plugin is compiled against the headers of the LAMMPS that loads it (latte-export
  // builds it there), so it declares that LAMMPS' own version.
  plugin.version = static_cast<LAMMPS *>(lmp)->version;
  plugin.style = "pair";
  plugin.name = "latte";
  plugin.info = "LATTE machine-learning potential (potential.json), float64, via liblatte";
  plugin.author = "Latte";
  plugin.creator.v1 = (lammpsplugin_factory1 *) &create_pair_latte;
  plugin.handle = handle;
  (*(lammpsplugin_regfunc) regfunc)(&plugin, lmp);
}
