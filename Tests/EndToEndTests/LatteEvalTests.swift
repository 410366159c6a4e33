import Atomistic
import Foundation
import Latte
import Testing

/// The real `latte-eval` executable, as a user runs it.
struct LatteEvalTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let potential = repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_cho.json").path
    static let ethanol = repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/structures/ethanol_3.xyz").path

    /// Runs a product built beside this test bundle; returns (exit status, stdout, stderr).
    static func run(_ product: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = try executable(product)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// A product built beside this test bundle.
    static func executable(_ product: String) throws -> URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [folder, folder.deletingLastPathComponent()].map { $0.appendingPathComponent(product) }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) })
    }

    @Test func predictionsMatchTheInMemoryModelAndKeepReferences() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("latte-eval-\(UUID()).xyz").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let (status, stdout, stderr) = try Self.run("latte-eval", ["--model", Self.potential, "--data", Self.ethanol,
                                                                   "--predictions", output, "--json"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("\"n_structures\": 3") && stdout.contains("\"force_mae\""))

        let model = LatteModel(try PotentialFile.read(contentsOf: Self.potential))
        let references = try ExtXYZ.read(path: Self.ethanol)
        let expected = try model.evaluate(references)
        let written = try ExtXYZ.read(path: output)
        #expect(written.count == references.count)
        for (frame, (prediction, reference)) in zip(written, zip(expected, references)) {
            #expect(frame.energy == prediction.energy)
            #expect(frame.forces == prediction.forces)
            #expect(frame.info["ref_energy"].flatMap(Double.init) == reference.energy)
        }
    }

    @Test func badInputIsOneLineAndNonZero() throws {
        let missing = try Self.run("latte-eval", ["--model", "/no/such/potential.json", "--data", Self.ethanol])
        #expect(missing.0 != 0)
        #expect(missing.2.split(separator: "\n").count == 1 && missing.2.contains("/no/such/potential.json"))

        let silicon = Self.repository.appendingPathComponent("datasets/silicon/test.xyz").path
        let wrongSpecies = try Self.run("latte-eval", ["--model", Self.potential, "--data", silicon])
        #expect(wrongSpecies.0 != 0)
        #expect(wrongSpecies.2.split(separator: "\n").count == 1 && wrongSpecies.2.contains("species 'Si'"))
    }
}
