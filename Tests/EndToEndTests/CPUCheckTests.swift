import CPUCheck
import Foundation
import Testing

/// Release builds for x86-64-v3 refuse a processor without AVX2 and FMA with one line and exit
/// status 1, in every executable and in liblatte when a program loads it (Sources/CPUCheck).
/// `LATTE_TEST_PRETEND_NO_AVX2=1` makes the check fail; builds without the check (debug,
/// LATTE_PORTABLE=1, other processors) must ignore it and run as usual.
struct CPUCheckTests {
    static let message = "latte: this build needs a processor with AVX2 and FMA (x86-64-v3); "
        + "rebuild with LATTE_PORTABLE=1 swift build -c release for this one\n"
    static let pretend = ["LATTE_TEST_PRETEND_NO_AVX2": "1"]
    static let checks = cpucheck_requires_avx2() != 0

    @Test(arguments: ["latte-train", "latte-eval", "latte-export", "latte-bench", "latte-plot"])
    func everyExecutableStopsWithOneLine(product: String) throws {
        let (status, stdout, stderr) = try ExternalProgram.run(LatteEvalTests.executable(product), ["--help"],
                                                               environment: Self.pretend)
        if Self.checks {
            #expect(status == 1 && stdout.isEmpty && stderr == Self.message, "\(status) \(stdout) \(stderr)")
        } else {
            #expect(status == 0 && !stdout.isEmpty, "\(status) \(stderr)")
        }
    }

    /// The C example (linked with -llatte) stops before its main when the library is loaded.
    @Test func theLibraryStopsAProgramThatLinksIt() throws {
        let (program, bundle) = try CLibraryTests.buildExample(potential: LatteEvalTests.potential)
        defer { try? FileManager.default.removeItem(at: bundle.deletingLastPathComponent()) }
        let (status, stdout, stderr) = try ExternalProgram.run(program, ["potential.json", LatteEvalTests.ethanol],
                                                               environment: Self.pretend, in: bundle)
        if Self.checks {
            #expect(status == 1 && stdout.isEmpty && stderr == Self.message, "\(status) \(stdout) \(stderr)")
        } else {
            #expect(status == 0 && stdout.hasPrefix("energy "), "\(status) \(stderr)")
        }
    }

    /// Python's ctypes (what latte_ase.py uses) loading the library: the same line, and the
    /// interpreter stops instead of crashing later.
    @Test(.enabled(if: ExternalProgram.find(["python3"]) != nil, "python3 is not installed"))
    func theLibraryStopsPythonLoadingIt() throws {
        let python = try #require(ExternalProgram.find(["python3"]))
        let library = try LatteEvalTests.executable("latte-export").deletingLastPathComponent().appendingPathComponent("liblatte.so")
        let (status, stdout, stderr) = try ExternalProgram.run(
            python, ["-c", "import ctypes, sys; ctypes.CDLL(sys.argv[1]); print('loaded')", library.path],
            environment: Self.pretend)
        if Self.checks {
            #expect(status == 1 && stdout.isEmpty && stderr == Self.message, "\(status) \(stdout) \(stderr)")
        } else {
            #expect(status == 0 && stdout == "loaded\n", "\(status) \(stderr)")
        }
    }
}
