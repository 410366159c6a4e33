import Foundation

/// Other programs (cmake, a compiler, LAMMPS, python3) run to completion with their output
/// captured.
public enum ChildProcess {
    /// The first of `names` found on PATH, or nil.
    public static func find(_ names: [String]) -> URL? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for folder in folders {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Runs `program` with `arguments` (and `environment` added to this process's) in
    /// `workingFolder`, standard input empty; returns (exit status, stdout, stderr).
    ///
    /// The child starts with no signal blocked: it inherits the calling thread's mask, and
    /// Dispatch's worker threads block every signal, so a program started from one would never
    /// see SIGCHLD — cmake and MPI launchers then wait forever for children that have exited.
    public static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:],
                           in workingFolder: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let workingFolder { process.currentDirectoryURL = workingFolder }
        // Output goes to files, so that a chatty program can never block on a full pipe.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-run-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("out"), errURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try withNoSignalBlocked { try process.run() }
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (process.terminationStatus, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Runs `body` with the calling thread's signal mask emptied, then restores the mask.
    private static func withNoSignalBlocked<T>(_ body: () throws -> T) rethrows -> T {
        #if os(Linux)
        var none = sigset_t(), previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        #endif
        return try body()
    }
}
