/// Instrumentation for benchmarks: while `ProductLog.entries` is non-nil, every matrix product
/// appends its shape, so a benchmark can replay exactly the same products on bare BLAS and
/// report an engine's overhead over them. Not thread-safe; leave it nil outside benchmarks.
public enum ProductLog {
    /// One `dgemm`: op(A) is [m, k], op(B) is [k, n].
    public struct Entry: Sendable {
        public let m: Int, n: Int, k: Int
        public let transposeA: Bool, transposeB: Bool
    }

    nonisolated(unsafe) public static var entries: [Entry]?

    /// Runs `body` and returns the products it performed.
    public static func recording(_ body: () -> Void) -> [Entry] {
        entries = []
        body()
        defer { entries = nil }
        return entries ?? []
    }
}
