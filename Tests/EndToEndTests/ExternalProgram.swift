import CommandSupport
import Foundation

/// Programs outside the build (a C compiler, python3, ldd) as the end-to-end tests run them.
enum ExternalProgram {
    /// The first of `names` found on PATH, or nil.
    static func find(_ names: [String]) -> URL? { ChildProcess.find(names) }

    /// Runs `program` with `arguments` (and `environment` added to this process's);
    /// returns (exit status, stdout, stderr).
    static func run(_ program: URL, _ arguments: [String], environment: [String: String] = [:],
                    in workingFolder: URL? = nil) throws -> (Int32, String, String) {
        try ChildProcess.run(program, arguments, environment: environment, in: workingFolder)
    }

    /// True when `python3 -c 'import ase, numpy'` succeeds.
    static let pythonHasASE: Bool = {
        guard let python = find(["python3"]) else { return false }
        return (try? run(python, ["-c", "import ase, numpy"]).0) == 0
    }()
}
