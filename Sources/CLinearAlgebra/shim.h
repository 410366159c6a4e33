// CBLAS and LAPACKE, from Debian's libblas-dev and liblapacke-dev. With libopenblas-dev installed,
// the alternatives system routes -lblas to OpenBLAS without any change here.
#include <cblas.h>
#include <lapacke.h>
