import Atomistic
import Export
import Foundation
import Latte
import Testing

/// An independent reading of the exported files: scripts/panna-energy.py parses panna.in and
/// model.bin the way the plugin does (its own code, from docs/PANNA-EXPORT.md and the plugin's
/// indexing) and recomputes the energy with NumPy. It must agree with Latte evaluating the
/// imported parameters to double precision, and with the original potential to float32
/// precision. Skipped when python3 with numpy is not available.
@Suite(.enabled(if: Python.hasNumpy, "python3 with numpy is not available"))
struct PannaIndependentEnergyTests {
    typealias Support = ExportTestSupport

    struct Frame: Decodable { let energy: Double }

    @Test(arguments: [("full_cho", "ethanol_3"), ("full_tial", "triclinic_tial"), ("full_si", "single_atom_si"),
                      ("full_si", "silicon_slabs")])
    func numpyReadingOfTheFilesGivesLattesEnergies(potential name: String, structures: String) throws {
        let original = try Support.potential(name)
        try Support.withTemporaryFolder { folder in
            try PannaLammpsExport.write(original, to: folder)
            let script = Support.repository.appendingPathComponent("scripts/panna-energy.py").path
            let result = try Python.run([script, folder, Support.structures(structures)])
            try #require(result.status == 0, "panna-energy.py failed")
            let numpy = try JSONDecoder().decode([Frame].self, from: Data(result.output.utf8)).map(\.energy)

            let frames = try ExtXYZ.read(path: Support.structures(structures))
            let exact = try LatteModel(PannaLammpsImport.read(folder: folder)).evaluate(frames).map(\.energy)
            let unrounded = try LatteModel(original).evaluate(frames).map(\.energy)
            #expect(numpy.count == frames.count)
            for (k, energy) in numpy.enumerated() {
                #expect(abs(energy - exact[k]) <= 1e-10 * max(1, abs(exact[k])), "frame \(k): numpy \(energy), Latte \(exact[k])")
                #expect(abs(energy - unrounded[k]) <= 1e-5 * max(1, abs(unrounded[k])),
                        "frame \(k): numpy \(energy), Latte on the original \(unrounded[k])")
            }
        }
    }
}

/// Running `python3` for the independent check.
enum Python {
    static let hasNumpy: Bool = (try? run(["-c", "import numpy"]))?.status == 0

    /// Runs `python3 ARGUMENTS`; standard output as text, standard error discarded.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
