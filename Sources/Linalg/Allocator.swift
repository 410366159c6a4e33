import CAllocator

/// Allocator tuning for the numeric executables.
///
/// A tape allocates a fresh buffer per operation, many of them megabytes. With glibc's default
/// settings such buffers are mapped and unmapped on every use, and the page faults cost several
/// times the arithmetic (measured: `latte-bench model` spent 88 % of its time in the kernel).
/// Keeping freed memory in the heap lets the next step reuse it.
public enum Allocator {
    /// Serve allocations up to 32 MiB (glibc's largest allowed threshold) from the heap and never
    /// give freed heap memory back to the system during the run. Call once at start-up.
    public static func keepFreedMemory() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
        _ = mallopt(M_TOP_PAD, 64 << 20)
        #endif
    }
}
