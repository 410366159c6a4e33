#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a whole file so that readers see either the old content or the complete new one,
/// even after a crash or a power cut: the bytes go to a temporary file in the same folder,
/// which is flushed to disk (`fsync`), renamed over the target, and the folder flushed too (so
/// the rename itself is on disk). A process killed at any moment leaves the old file or the new
/// one, never a mix, and at worst a stray temporary file (`isTemporary` recognises them).
///
/// A failure (the folder removed, the disk full, a file-size limit: `SIGXFSZ` must be ignored
/// for that to be an error rather than death) leaves the target as it was and removes the
/// temporary file; the error names the target: `run/checkpoint.json: cannot write: No space
/// left on device`.
public enum AtomicFile {
    /// Writes `data` to `path` atomically; errors name `path`.
    public static func write(_ data: Data, to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = (slash == nil ? "" : folder + "/") + temporaryName(for: name)
        do {
            try writeAndFlush(data, to: temporary)
        } catch let reason as SystemReason {
            unlink(temporary)
            throw FileWriteError(file: path, reason: reason.text)
        }
        guard rename(temporary, path) == 0 else {
            let reason = SystemReason.current
            unlink(temporary)
            throw FileWriteError(file: path, reason: reason.text)
        }
        // The rename reaches the disk with the folder's entry; a folder that cannot be opened or
        // flushed (some file systems refuse fsync on folders) still holds the complete new file.
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Whether `name` (a file name, no folder) is one of the temporary files `write` makes:
    /// `.TARGET.PID.UUID.tmp`. Left behind only by a process killed mid-write.
    public static func isTemporary(_ name: String) -> Bool {
        name.hasPrefix(".") && name.hasSuffix(".tmp") && name.split(separator: ".").count >= 4
    }

    private static func temporaryName(for name: String) -> String {
        ".\(name).\(getpid()).\(UUID().uuidString).tmp"
    }

    /// Creates `path` (which must not exist), writes every byte and flushes it to disk.
    private static func writeAndFlush(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw SystemReason.current }
        var failure: SystemReason?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = SystemReason.current
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = SystemReason.current }
        if close(descriptor) != 0, failure == nil { failure = SystemReason.current }
        if let failure { throw failure }
    }
}

/// A file `AtomicFile` could not write: `FILE: cannot write: REASON` on one line.
public struct FileWriteError: Error, CustomStringConvertible, Equatable {
    public let file: String
    /// The system's reason: "No space left on device".
    public let reason: String
    public var description: String { "\(file): cannot write: \(reason)" }
}

/// The C library's text for the current `errno`: "No space left on device".
private struct SystemReason: Error {
    let text: String
    static var current: SystemReason { SystemReason(text: String(cString: strerror(errno))) }
}

/// The C library's `write(2)` (inside `AtomicFile`, `write` names its own methods).
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
