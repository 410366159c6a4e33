#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The memory a new allocation can get on this machine, for refusing work that cannot fit
/// before it starts: `MemAvailable` of /proc/meminfo (what the kernel can hand out without
/// swapping), lowered to the room left under this process's cgroup limit when one is set
/// (/sys/fs/cgroup/memory.max less memory.current: containers, batch systems).
public struct AvailableMemory: Equatable, Sendable {
    public let bytes: Int
    /// Where the figure comes from, for messages: "MemAvailable in /proc/meminfo".
    public let source: String

    public init(bytes: Int, source: String) {
        self.bytes = bytes
        self.source = source
    }

    /// This machine's figure now, or nil where /proc/meminfo does not exist (not Linux).
    public static func now() -> AvailableMemory? {
        guard let meminfo = text("/proc/meminfo"),
              let line = meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
              let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first else { return nil }
        var available = AvailableMemory(bytes: kilobytes * 1024, source: "MemAvailable in /proc/meminfo")
        if let limit = integer("/sys/fs/cgroup/memory.max"), let used = integer("/sys/fs/cgroup/memory.current"),
           limit - used < available.bytes {
            available = AvailableMemory(bytes: max(limit - used, 0), source: "the cgroup limit /sys/fs/cgroup/memory.max")
        }
        return available
    }

    /// `bytes` for people: "512 MB", "24.3 GB", "1.6 TB" (powers of 1000).
    public static func text(bytes: Double) -> String {
        let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (size, unit) in units where bytes >= size {
            let value = bytes / size
            return (value >= 100 ? CFormat.string("%.0f", value) : CFormat.string("%.1f", value)) + " " + unit
        }
        return CFormat.string("%.0f", bytes) + " bytes"
    }

    /// The whole number a file holds (nil for "max", the cgroup's "no limit").
    private static func integer(_ path: String) -> Int? {
        text(path).flatMap { $0.split(whereSeparator: \.isWhitespace).first }.flatMap { Int($0) }
    }

    private static func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
