import Foundation
import Latte
import SystemSupport
import Testing
import Training

/// The memory estimate that refuses runs which cannot fit: it counts the parameters exactly,
/// grows with the batch, and its refusal is one line naming the key to change and both figures.
struct MemoryEstimateTests {
    static let ethanol = TrainerTests.repository.appendingPathComponent("datasets/ethanol/train.xyz").path

    static func session(model: String = #""descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [8]"#,
                        batchSize: Int = 4) throws -> (TrainingSession, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-memory-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("config.json").path
        try """
            {"data": {"train": "\(ethanol)", "train_limit": 80}, "model": {\(model)},
             "training": {"batch_size": \(batchSize)}, "output": "run"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return (try TrainingSession.prepare(configPath: path), path)
    }

    @Test func theParameterCountIsThatOfTheTrainedParameters() throws {
        let (session, _) = try Self.session()
        let trainer = try session.trainer(resume: false)
        let trained = TrainableParameters(trainer.state.parameters, widthsLearned: true)
            .values(of: trainer.state.parameters).reduce(0) { $0 + $1.rows * $1.cols }
        #expect(session.memory.parameterCount == Double(trained))
    }

    @Test func theBatchPartGrowsWithTheBatch() throws {
        let small = try Self.session(batchSize: 4).0.memory
        let large = try Self.session(batchSize: 64).0.memory
        #expect(large.stateBytes == small.stateBytes)
        #expect(large.batchBytes > 10 * small.batchBytes)
    }

    @Test func aModelThatCannotFitIsRefusedBeforeAnyParameterIsAllocated() throws {
        let error = try #require(throws: TrainingSetupError.self) {
            try Self.session(model: #""descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [1000000000]"#)
        }
        let text = "\(error)"
        #expect(text.contains("config.json: model: the run needs about "), "\(text)")
        #expect(text.contains(" TB of memory (") && text.contains("for 3.6e+10 parameters with their gradients"), "\(text)")
        #expect(text.contains("is available (MemAvailable in /proc/meminfo)") || text.contains("is available (the cgroup limit"))
        #expect(text.hasSuffix("; make model.hidden or model.descriptor smaller") && !text.contains("\n"))
    }

    @Test func aBatchThatCannotFitNamesTheBatchSize() throws {
        let (session, path) = try Self.session(batchSize: 64)
        let error = try #require(throws: TrainingSetupError.self) {
            try session.memory.check(against: AvailableMemory(bytes: 1_000_000, source: "a test"), source: path)
        }
        #expect("\(error)".hasPrefix("\(path): training.batch_size: the run needs about "))
        #expect("\(error)".hasSuffix(", but 1.0 MB is available (a test); make training.batch_size smaller"), "\(error)")
        try session.memory.check(against: AvailableMemory(bytes: 1 << 40, source: "a test"), source: path)
    }
}
