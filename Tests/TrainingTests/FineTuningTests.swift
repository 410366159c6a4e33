import Foundation
import Latte
import Testing
import Training

/// Fine-tuning (`model.init_from`) on the Ti–Al set: a potential trained on one part of it
/// improves on the other part within a few epochs, residual offsets absorb a new energy
/// reference exactly, and a potential of another shape is refused in one line.
struct FineTuningTests {
    static let tial = TrainerTests.repository.appendingPathComponent("datasets/tial")
    static let model = #""descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [8]"#

    /// A config in a fresh folder; returns its path.
    static func config(train: String, model: String = model, training: String, in folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = """
            {"data": {"train": "\(train)", "validation_fraction": 0.25},
             "model": {\(model)},
             "training": {"batch_size": 4, "seed": 3, "energy_weight": 10, "threads": 2, \(training)},
             "output": "run"}
            """
        let path = folder.appendingPathComponent("config-\(UUID()).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A potential trained for 8 epochs on train.xyz.
    static func trainedPotential(in folder: URL) throws -> String {
        let path = try config(train: tial.appendingPathComponent("train.xyz").path,
                              training: #""epochs": 8, "learning_rate": 0.01"#, in: folder)
        let session = try TrainingSession.prepare(configPath: path)
        let trainer = try session.trainer(resume: false)
        _ = try trainer.run()
        return trainer.files.potential
    }

    static func folder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("latte-finetune-\(name)-\(UUID())")
    }

    @Test func aTrainedPotentialImprovesOnNewDataWithinAFewEpochs() throws {
        let folder = Self.folder("improve")
        let start = try Self.trainedPotential(in: folder)
        let path = try Self.config(train: Self.tial.appendingPathComponent("test.xyz").path,
                                   model: Self.model + #", "init_from": "\#(start)", "offsets": "keep""#,
                                   training: #""epochs": 3, "learning_rate": 0.0005"#, in: folder.appendingPathComponent("tune"))
        let session = try TrainingSession.prepare(configPath: path)
        let trainer = try session.trainer(resume: false)
        let started = trainer.evaluate(trainer.state.parameters, on: session.data.validation).loss
        #expect(trainer.state.parameters.networks.map(\.offset) == (try PotentialFile.read(contentsOf: start)).networks.map(\.offset))
        // The trained channels are not moved onto the new data's distances.
        #expect(trainer.confinement == nil)
        _ = try trainer.run()
        let losses = trainer.state.history.map(\.validationLoss)
        #expect(losses.last! < started, "validation loss \(started) at the start, then \(losses)")

        // A fresh model of the same shape, trained as long on the same data, ends worse.
        let fresh = try Self.config(train: Self.tial.appendingPathComponent("test.xyz").path,
                                    training: #""epochs": 3, "learning_rate": 0.01"#, in: folder.appendingPathComponent("fresh"))
        let scratch = try TrainingSession.prepare(configPath: fresh).trainer(resume: false)
        _ = try scratch.run()
        #expect(losses.last! < scratch.state.history.last!.validationLoss)
    }

    @Test func fittedOffsetsAbsorbANewEnergyReference() throws {
        let folder = Self.folder("reference")
        let start = try Self.trainedPotential(in: folder)
        // The same cells with every energy moved by 0.25 eV per atom, as a new DFT reference would.
        let original = Self.tial.appendingPathComponent("test.xyz").path
        let shifted = folder.appendingPathComponent("shifted.xyz").path
        try Self.shiftEnergies(of: original, by: 0.25, to: shifted)
        func startingMetrics(_ train: String, offsets: String) throws -> ErrorMetrics {
            let path = try Self.config(train: train, model: Self.model + #", "init_from": "\#(start)", "offsets": "\#(offsets)""#,
                                       training: #""epochs": 1"#, in: folder.appendingPathComponent(UUID().uuidString))
            let session = try TrainingSession.prepare(configPath: path)
            let trainer = try session.trainer(resume: false)
            return trainer.evaluate(trainer.state.parameters, on: session.data.validation).metrics
        }
        let fitted = try startingMetrics(original, offsets: "fit")
        let refitted = try startingMetrics(shifted, offsets: "fit")
        let stale = try startingMetrics(shifted, offsets: "keep")
        #expect(stale.energyMAE > 0.1, "keeping the old offsets is 0.25 eV/atom off: \(stale.energyMAE)")
        // The residual fit is linear in the energies, and a shift of 0.25 eV per atom is a
        // change of offsets: the refit potential errs on the shifted cells exactly as the one
        // fitted to the original cells does on those.
        #expect(abs(refitted.energyMAE - fitted.energyMAE) < 1e-9, "\(refitted.energyMAE) vs \(fitted.energyMAE) eV/atom")
        #expect(refitted.forceMAE == fitted.forceMAE)
    }

    @Test func aPotentialOfAnotherShapeIsRefusedInOneLine() throws {
        let folder = Self.folder("shape")
        let start = try Self.trainedPotential(in: folder)
        let path = try Self.config(train: Self.tial.appendingPathComponent("test.xyz").path,
                                   model: #""descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [16], "init_from": "\#(start)""#,
                                   training: #""epochs": 1"#, in: folder.appendingPathComponent("tune"))
        let error = #expect(throws: TrainingSetupError.self) { try TrainingSession.prepare(configPath: path) }
        #expect(error?.description == "\(path): model.init_from: '\(start)' has hidden [8], but model.hidden is [16]; "
                + "fine-tuning keeps the potential's shape: give its values in model, or train from scratch without init_from")
    }

    /// Copies an extxyz file with each frame's `energy=` raised by `perAtom` eV per atom.
    static func shiftEnergies(of path: String, by perAtom: Double, to output: String) throws {
        var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        var k = 0
        while k < lines.count, let atoms = Int(lines[k].trimmingCharacters(in: .whitespaces)) {
            var fields = lines[k + 1].components(separatedBy: " ")
            let e = try #require(fields.firstIndex { $0.hasPrefix("energy=") })
            let energy = try #require(Double(fields[e].dropFirst("energy=".count)))
            fields[e] = "energy=\(energy + perAtom * Double(atoms))"
            lines[k + 1] = fields.joined(separator: " ")
            k += atoms + 2
        }
        try lines.joined(separator: "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }
}
