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

    @Test func predictionsOfPeriodicFramesKeepTheReferenceStressAndVirial() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("latte-eval-\(UUID()).xyz").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let potential = Self.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_tial.json").path
        let data = Self.repository.appendingPathComponent("datasets/tial/test.xyz").path
        let (status, _, stderr) = try Self.run("latte-eval", ["--model", potential, "--data", data, "--predictions", output])
        #expect(status == 0, "\(stderr)")
        let references = try ExtXYZ.read(path: data)
        let expected = try LatteModel(try PotentialFile.read(contentsOf: potential)).evaluate(references, stress: true)
        let written = try ExtXYZ.read(path: output)
        #expect(written.count == references.count)
        for (frame, (prediction, reference)) in zip(written, zip(expected, references)) {
            #expect(frame.stress == prediction.stress && frame.virial == prediction.virial)
            let referenceVirial = try #require(reference.virial)
            #expect(frame.info["ref_virial"] == (try ExtXYZ.tensorText(referenceVirial)))
            #expect(frame.info["ref_stress"] == (try reference.stress.map { try ExtXYZ.tensorText($0) }))
        }
        // Read back as the reference, the kept virial is the original one.
        let text = try String(contentsOfFile: output, encoding: .utf8).replacingOccurrences(of: " virial=", with: " predicted_virial=")
            .replacingOccurrences(of: "ref_virial=", with: "virial=")
        let reread = try ExtXYZ.read(text: text, source: "reread")
        #expect(zip(reread, references).allSatisfy { $0.virial == $1.virial })
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

    /// A potential whose energies overflow on some frames (every output bias 10³⁰⁷ eV per atom:
    /// frames of 18 atoms or more exceed the largest double) is refused naming those frames,
    /// instead of metrics of "n/a" and exit status 0.
    @Test func nonFinitePredictionsAreOneLineNamingTheFrames() throws {
        let source = Self.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_tial.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        var networks = try #require(document["networks"] as? [String: Any])
        var species = try #require(networks["species"] as? [String: [String: Any]])
        for (symbol, var network) in species {
            var layers = try #require(network["layers"] as? [[String: Any]])
            layers[layers.count - 1]["bias"] = [1e307]
            network["layers"] = layers
            species[symbol] = network
        }
        networks["species"] = species
        document["networks"] = networks
        let potential = FileManager.default.temporaryDirectory.appendingPathComponent("overflowing-\(UUID()).json").path
        try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: potential))
        let data = Self.repository.appendingPathComponent("datasets/tial/test.xyz").path
        let frames = try ExtXYZ.read(path: data)
        let large = frames.indices.filter { frames[$0].atomCount >= 18 }.map { $0 + 1 }
        try #require(!large.isEmpty && large.count < frames.count)

        let (status, stdout, stderr) = try Self.run("latte-eval", ["--model", potential, "--data", data, "--json"])
        #expect(status == 1 && stdout.isEmpty)
        let list = large.map(String.init).joined(separator: ", ")
        #expect(stderr == "latte-eval: non-finite predictions for \(large.count) of \(frames.count) frames: \(list) (\(data), with \(potential))\n",
                "\(stderr)")
    }

    /// Breakdowns per species and per config_type in the JSON report, and the parity plot.
    @Test func reportsBreakDownBySpeciesAndConfigTypeAndDrawTheParityPlot() throws {
        let tialPotential = Self.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_tial.json").path
        let tial = Self.repository.appendingPathComponent("datasets/tial/test.xyz").path
        let plot = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID()).svg").path
        let (status, stdout, stderr) = try Self.run("latte-eval", ["--model", tialPotential, "--data", tial, "--json", "--parity", plot])
        #expect(status == 0, "\(stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let species = try #require(report["force_by_species"] as? [String: [String: Any]])
        #expect(Set(species.keys) == ["Al", "Ti"])
        let types = try #require(report["by_config_type"] as? [String: [String: Any]])
        #expect(Set(types.keys) == ["FLD_TiAl", "TiAl_T5000"])
        let counts = types.values.compactMap { $0["n_structures"] as? Int }
        #expect(counts.reduce(0, +) == report["n_structures"] as? Int)

        // The per-species and per-type numbers recombine to the overall ones.
        let atoms = species.values.compactMap { $0["n_atoms"] as? Int }.reduce(0, +)
        #expect(atoms == report["n_atoms"] as? Int)
        let overall = try #require(report["force_mae"] as? Double)
        let weighted = species.values.reduce(0.0) { $0 + ($1["force_mae"] as! Double) * Double($1["n_atoms"] as! Int) }
        #expect(abs(weighted / Double(atoms) - overall) < 1e-12 * overall)

        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("y = x") && svg.contains("meV/Å"))
    }
}
