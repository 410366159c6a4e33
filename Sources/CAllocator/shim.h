// glibc's allocator tuning (mallopt), used by Linalg's Allocator.
#if defined(__linux__)
#include <malloc.h>
#endif
