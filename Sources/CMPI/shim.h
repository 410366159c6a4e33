// MPICH, from Debian's libmpich-dev. Its headers live in /usr/include/<triplet>/mpich, which
// Package.swift finds through pkg-config (mpich.pc); only Sources/MessagePassing imports this.
#include <mpi.h>
