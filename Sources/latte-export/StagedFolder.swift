import Foundation

/// Writes a folder all at once: its contents go into a hidden staging folder beside the
/// destination, which is renamed into place only when everything is written. A failure (or a
/// refusal from any step) removes the staging folder, so the destination is never left
/// half-written: it holds either what it held before or the complete new contents.
enum StagedFolder {
    /// Refuses a destination that cannot be (re)placed: a file, or a non-empty folder
    /// without `overwrite`. Call before any work so that bad input costs nothing.
    static func checkDestination(_ destination: URL, overwrite: Bool) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: destination.path, isDirectory: &isFolder) else { return }
        guard isFolder.boolValue else { throw ExportError("\(destination.path) is a file, not a folder") }
        let contents = try FileManager.default.contentsOfDirectory(atPath: destination.path)
        if !contents.isEmpty && !overwrite {
            throw ExportError("\(destination.path) is not empty (use --overwrite to replace it)")
        }
    }

    /// Runs `fill` on a fresh staging folder, then moves it to `destination` (replacing an
    /// existing folder when `overwrite`; see `checkDestination`). Missing parent folders of
    /// `destination` are created.
    static func write(to destination: URL, overwrite: Bool, _ fill: (URL) throws -> Void) throws {
        try checkDestination(destination, overwrite: overwrite)
        let files = FileManager.default
        let parent = destination.deletingLastPathComponent()
        try files.createDirectory(at: parent, withIntermediateDirectories: true)
        let tag = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(tag)")
        try files.createDirectory(at: staging, withIntermediateDirectories: false)
        do {
            try fill(staging)
            try install(staging, at: destination, retired: parent.appendingPathComponent(".\(destination.lastPathComponent).old-\(tag)"))
        } catch {
            try? files.removeItem(at: staging)
            throw error
        }
    }

    /// Moves `staging` to `destination`; an existing destination is first moved to `retired`,
    /// then removed once the new folder is in place (and moved back if that fails).
    private static func install(_ staging: URL, at destination: URL, retired: URL) throws {
        let files = FileManager.default
        guard files.fileExists(atPath: destination.path) else {
            try rename(staging, destination)
            return
        }
        try rename(destination, retired)
        do {
            try rename(staging, destination)
        } catch {
            try? rename(retired, destination)
            throw error
        }
        try? files.removeItem(at: retired)
    }

    private static func rename(_ from: URL, _ to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw ExportError("cannot move \(from.path) to \(to.path): \(String(cString: strerror(errno)))")
        }
    }
}
