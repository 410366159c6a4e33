/*
 * Release builds on x86-64 compile the Swift modules for AVX2 and FMA (x86-64-v3, "haswell";
 * Package.swift), and then define LATTE_REQUIRES_AVX2 for this file. On a processor without
 * them the first vector instruction would kill the program with SIGILL and no explanation;
 * instead, this constructor runs when the executable starts or liblatte is loaded, before any
 * Swift code, and stops the process with one line and exit status 1.
 *
 * This file is compiled without AVX flags, so the check itself runs on any x86-64. The
 * environment variable LATTE_TEST_PRETEND_NO_AVX2=1 makes the check fail (for tests).
 */
#include "CPUCheck.h"

#if defined(LATTE_REQUIRES_AVX2) && defined(__x86_64__)
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int processor_has_avx2_and_fma(void) {
    const char *pretend = getenv("LATTE_TEST_PRETEND_NO_AVX2");
    if (pretend && strcmp(pretend, "1") == 0) return 0;
    __builtin_cpu_init();  /* constructors may run before the one that fills in the CPU model */
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

__attribute__((constructor))
static void refuse_processors_without_avx2(void) {
    if (processor_has_avx2_and_fma()) return;
    static const char message[] =
        "latte: this build needs a processor with AVX2 and FMA (x86-64-v3); "
        "rebuild with LATTE_PORTABLE=1 swift build -c release for this one\n";
    ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
    _exit(1);  /* not exit(): no atexit handlers of a host program half-way through loading liblatte */
}

int cpucheck_requires_avx2(void) { return 1; }
#else
int cpucheck_requires_avx2(void) { return 0; }
#endif
