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
                        batchSize: Int = 4, threads: Int = 2) throws -> (TrainingSession, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-memory-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("config.json").path
        try """
            {"data": {"train": "\(ethanol)", "train_limit": 80}, "model": {\(model)},
             "training": {"batch_size": \(batchSize), "threads": \(threads)}, "output": "run"}
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

    /// A body's tapes hold its compact entries, (p+1)(p+2)/2 of rank p: going from rank 3 to 6
    /// adds 18 entries per body where going from 1 to 3 adds 7, a ratio of 18/7 (with full
    /// tensors, 3⁶ − 3³ against 3³ − 3, it would be 29.25).
    @Test func aBodyCostsItsCompactTensorEntries() throws {
        func batchBytes(_ term: String) throws -> Double {
            try Self.session(model: #""descriptor": "4,-:4,i,i:\#(term)", "hidden": [8]"#).0.memory.batchBytes
        }
        let rank1 = try batchBytes("4,i,i"), rank3 = try batchBytes("4,ijk,ijk"), rank6 = try batchBytes("4,ijklmn,ijklmn")
        #expect(abs((rank6 - rank3) / (rank3 - rank1) - 18.0 / 7) < 1e-9, "\((rank6 - rank3) / (rank3 - rank1))")
    }

    /// Only min(parts, threads) of a batch's 4 parts are on tapes at once.
    @Test func theBatchPartCountsThePartsOnTapesAtOnce() throws {
        let one = try Self.session(threads: 1).0.memory
        let four = try Self.session(threads: 4).0.memory
        let eight = try Self.session(threads: 8).0.memory
        #expect(abs(four.batchBytes / one.batchBytes - 4) < 1e-9 && eight.batchBytes == four.batchBytes)
        #expect(one.stateBytes == four.stateBytes)
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
        let memory = session.memory
        // Room for the model with batches of one structure, not for batches of 64.
        let available = Int(memory.stateBytes + memory.structureBytes + memory.fixedBytes + 1_000_000)
        #expect(Double(available) < memory.totalBytes)
        let error = try #require(throws: TrainingSetupError.self) {
            try memory.check(against: AvailableMemory(bytes: available, source: "a test"), source: path)
        }
        #expect("\(error)".hasPrefix("\(path): training.batch_size: the run needs about "))
        #expect("\(error)".hasSuffix(", but \(AvailableMemory.text(bytes: Double(available))) is available (a test); make training.batch_size smaller"), "\(error)")
        try session.memory.check(against: AvailableMemory(bytes: 1 << 40, source: "a test"), source: path)
    }
}
