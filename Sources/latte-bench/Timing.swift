import Foundation

/// Wall-clock timing helpers for benchmarks.
enum Timing {
    /// Seconds taken by `body`.
    static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }

    /// Median over `repeats` timed runs, after one untimed warm-up run.
    static func median(repeats: Int, _ body: () -> Void) -> Double {
        body()
        let times = (0..<max(repeats, 1)).map { _ in seconds(body) }.sorted()
        return times[times.count / 2]
    }
}

/// Prints one JSON object with sorted keys on standard output.
func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
