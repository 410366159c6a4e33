import Foundation

/// Programs outside the build (a C compiler, python3, ldd) as the end-to-end tests run them.
enum ExternalProgram {
    /// The first of `names` found on PATH, or nil.
    static func find(_ names: [String]) -> URL? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for folder in folders {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Runs `program` with `arguments` (and `environment` added to this process's);
    /// returns (exit status, stdout, stderr).
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:],
                    in workingFolder: URL? = nil) throws -> (Int32, String, String) {
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
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (process.terminationStatus, try String(contentsOf: outURL, encoding: .utf8),
                try String(contentsOf: errURL, encoding: .utf8))
    }

    /// True when `python3 -c 'import ase, numpy'` succeeds.
    static let pythonHasASE: Bool = {
        guard let python = find(["python3"]) else { return false }
        return (try? run(python, ["-c", "import ase, numpy"]).0) == 0
    }()
}
