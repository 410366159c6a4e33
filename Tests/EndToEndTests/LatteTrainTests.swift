import Foundation
import Latte
import Testing

/// The real `latte-train` executable, as a user runs it.
struct LatteTrainTests {
    static let ethanol = LatteEvalTests.repository.appendingPathComponent("datasets/ethanol").path

    /// A folder with `config.json` training a tiny model on the first `frames` ethanol frames.
    static func runFolder(frames: Int, epochs: Int, extra: String = "") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-train-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = """
            {"data": {"train": "\(ethanol)/train.xyz", "train_limit": \(frames), "validation_fraction": 0.1,
                      "test": "\(ethanol)/test.xyz", "test_limit": 20},
             "model": {"descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [8]},
             "training": {"epochs": \(epochs), "batch_size": 4, "learning_rate": 0.01\(extra)},
             "output": "run"}
            """
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aRunWritesItsFilesAndPrintsTestMetrics() throws {
        let folder = try Self.runFolder(frames: 30, epochs: 2)
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [folder.appendingPathComponent("config.json").path])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("27 training, 3 validation, 20 test structures; species H C O"))
        #expect(stdout.contains("\nepoch 1/2  lr 1.00e-02") && stdout.contains("\nepoch 2/2  lr 1.00e-02"))
        #expect(stdout.contains("test: energy MAE "))
        let run = folder.appendingPathComponent("run")
        for file in ["potential.json", "checkpoint.json", "metrics.csv", "test_metrics.json"] {
            #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent(file).path), "\(file)")
        }
        _ = try PotentialFile.read(contentsOf: run.appendingPathComponent("potential.json").path)
        #expect(try String(contentsOfFile: run.appendingPathComponent("learning_curve.svg").path, encoding: .utf8).contains("force MAE"))

        // latte-eval takes the run folder (its potential.json) or the checkpoint.
        let test = "\(Self.ethanol)/test.xyz"
        let byFile = try LatteEvalTests.run("latte-eval", ["--model", run.appendingPathComponent("potential.json").path, "--data", test, "--json"])
        let byFolder = try LatteEvalTests.run("latte-eval", ["--model", run.path, "--data", test, "--json"])
        let byCheckpoint = try LatteEvalTests.run("latte-eval", ["--model", run.appendingPathComponent("checkpoint.json").path, "--data", test, "--json"])
        #expect(byFile.0 == 0 && byFile.1 == byFolder.1)
        #expect(byCheckpoint.0 == 0 && byCheckpoint.1.contains("\"force_mae\""), "\(byCheckpoint.2)")
        let curve = try LatteEvalTests.run("latte-plot", ["learning-curve", run.path, "--output", run.appendingPathComponent("curve.svg").path])
        #expect(curve.0 == 0, "\(curve.2)")

        let config = folder.appendingPathComponent("config.json").path
        let (again, _, refusal) = try LatteEvalTests.run("latte-train", [config])
        #expect(again == 1 && refusal.contains("already holds a run") && refusal.split(separator: "\n").count == 1)
        let (replaced, _, problems) = try LatteEvalTests.run("latte-train", [config, "--overwrite"])
        #expect(replaced == 0, "\(problems)")
    }

    @Test func overwriteKeepsTheOldRunUntilTheNewRunsFirstCheckpoint() throws {
        let folder = try Self.runFolder(frames: 30, epochs: 2)
        let run = folder.appendingPathComponent("run")
        let (status, _, stderr) = try LatteEvalTests.run("latte-train", [folder.appendingPathComponent("config.json").path])
        try #require(status == 0, "\(stderr)")
        let names = ["checkpoint.json", "potential.json", "metrics.csv", "learning_curve.svg", "test_metrics.json"]
        func contents() -> [Data?] { names.map { FileManager.default.contents(atPath: run.appendingPathComponent($0).path) } }
        let old = contents()
        #expect(old.allSatisfy { $0 != nil })

        // A new run that stops before its first checkpoint (it diverges in its first steps)
        // leaves the old run as it was.
        let diverging = folder.appendingPathComponent("diverging.json")
        try String(contentsOf: folder.appendingPathComponent("config.json"), encoding: .utf8)
            .replacingOccurrences(of: "\"learning_rate\": 0.01", with: "\"learning_rate\": 1e300")
            .write(to: diverging, atomically: true, encoding: .utf8)
        let (failed, _, divergence) = try LatteEvalTests.run("latte-train", [diverging.path, "--overwrite"])
        #expect(failed == 1 && divergence.contains("diverged"), "\(divergence)")
        #expect(contents() == old)

        // One that reaches its first checkpoint replaces them all: a run without a test set
        // leaves no test_metrics.json of the old one behind.
        let untested = folder.appendingPathComponent("untested.json")
        var config = try #require(try JSONSerialization.jsonObject(
            with: try Data(contentsOf: folder.appendingPathComponent("config.json"))) as? [String: Any])
        var data = try #require(config["data"] as? [String: Any])
        data["test"] = nil
        data["test_limit"] = nil
        config["data"] = data
        var training = try #require(config["training"] as? [String: Any])
        training["epochs"] = 1  // so that its files differ from the old run's (training is deterministic)
        config["training"] = training
        try JSONSerialization.data(withJSONObject: config).write(to: untested)
        let (replaced, _, problems) = try LatteEvalTests.run("latte-train", [untested.path, "--overwrite"])
        #expect(replaced == 0, "\(problems)")
        let new = contents()
        #expect(new[4] == nil, "the old test_metrics.json is gone")
        for k in 0..<4 { #expect(new[k] != nil && new[k] != old[k], "\(names[k]) is the new run's") }
    }

    @Test func aBadConfigIsOneLineAndNoRunFolder() throws {
        let folder = try Self.runFolder(frames: 30, epochs: 2, extra: ", \"learnig_rate\": 0.1")
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [folder.appendingPathComponent("config.json").path])
        #expect(status == 1)
        #expect(stdout.isEmpty)
        #expect(stderr.hasSuffix("config.json: training.learnig_rate: unknown key; did you mean 'learning_rate'?\n"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("run").path))
    }

    @Test func aModelThatCannotFitIsOneLineBeforeTraining() throws {
        let folder = try Self.runFolder(frames: 30, epochs: 2)
        let config = folder.appendingPathComponent("config.json")
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "\"hidden\": [8]", with: "\"hidden\": [1000000000]")
            .write(to: config, atomically: true, encoding: .utf8)
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [config.path])
        #expect(status == 1 && stdout.isEmpty)
        #expect(stderr.hasPrefix("latte-train: \(config.path): model: the run needs about "), "\(stderr)")
        #expect(stderr.contains(" of memory (") && stderr.contains(" is available (") && stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("run").path))
    }

    @Test func ctrlCSavesACheckpointAndResumeFinishes() throws {
        let folder = try Self.runFolder(frames: 300, epochs: 40)
        let config = folder.appendingPathComponent("config.json").path
        let metrics = folder.appendingPathComponent("run/metrics.csv").path
        let process = Process()
        process.executableURL = try LatteEvalTests.executable("latte-train")
        process.arguments = [config]
        process.standardOutput = Pipe()
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: metrics) && Date() < deadline { usleep(20_000) }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(message.contains("stopping after this batch"))

        let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [config, "--resume"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("resuming after epoch "))
        let rows = try String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 41)
        #expect(rows.dropFirst().enumerated().allSatisfy { $1.hasPrefix("\($0 + 1),") })
    }
}
