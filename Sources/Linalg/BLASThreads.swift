#if canImport(Glibc)
import Glibc
#endif

/// The BLAS library's own threads. Latte parallelises over structures itself; with both
/// cores busy, OpenBLAS's threads only get in the way (measured: slower, see DESIGN.md), so the
/// executables ask it for one thread at start-up, whatever `OPENBLAS_NUM_THREADS` says.
public enum BLASThreads {
    /// Calls `openblas_set_num_threads(1)` when the BLAS in use is OpenBLAS (looked up at run
    /// time, since `-lblas` may be another BLAS); otherwise does nothing.
    public static func useOne() {
        #if canImport(Glibc)
        typealias SetThreads = @convention(c) (Int32) -> Void
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_set_num_threads") else { return }
        unsafeBitCast(symbol, to: SetThreads.self)(1)
        #endif
    }
}
