import Foundation
import Testing

/// The ASE calculator's own tests (python/tests: agreement with latte-eval to 1e-10, finite
/// differences of forces and stress, two threads, NVE energy conservation, a bundle on its
/// own), run with python3 against this build. They need python3 with numpy and ase (CI
/// installs ase from PyPI); without them this test is skipped, and says so.
struct PythonCalculatorTests {
    @Test(.enabled(if: ExternalProgram.pythonHasASE, "python3 with numpy and ase is not installed: the ASE calculator is not tested"))
    func calculatorTestsPass() throws {
        let python = try #require(ExternalProgram.find(["python3"]))
        let build = try LatteEvalTests.executable("latte-export").deletingLastPathComponent()
        let tests = LatteEvalTests.repository.appendingPathComponent("python/tests")
        let (status, stdout, stderr) = try ExternalProgram.run(
            python, ["-m", "unittest", "discover", "-s", tests.path, "-t", tests.path, "-v"],
            environment: ["LATTE_BUILD_DIR": build.path, "OPENBLAS_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"])
        // unittest reports on standard error; show it when something fails.
        #expect(status == 0, "\(stdout)\(stderr)")
        #expect(stderr.contains("\nOK") && !stderr.contains("skipped"), "\(stderr)")
    }
}
