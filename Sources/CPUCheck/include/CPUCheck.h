#ifndef CPUCHECK_H
#define CPUCHECK_H

/*
 * The processor check of release builds for x86-64-v3 (see CPUCheck.c). Linked into liblatte
 * and every executable through Linalg; nothing needs to call it.
 */

/* 1 when this build refuses processors without AVX2 and FMA at load time, 0 otherwise
   (debug builds, LATTE_PORTABLE=1 builds, other architectures). */
int cpucheck_requires_avx2(void);

#endif
