import Foundation
import JSON
import Linalg
import Testing
import Training

/// The fixed parts that make a run's numbers independent of processes and threads, the
/// sharded data that follows from them, and the in-process checks of both.
struct PartPlanTests {
    @Test(arguments: [(10, 4), (12, 4), (7, 1), (3, 5), (1, 3)])
    func everyStructureIsInOnePartAndThePartsAreEven(structures: Int, parts: Int) {
        let plan = PartPlan(structures: structures, parts: parts, seed: 7)
        #expect(plan.members.count == parts)
        #expect(plan.members.flatMap { $0 }.sorted() == Array(0..<structures))
        for (part, members) in plan.members.enumerated() {
            #expect(members == members.sorted())
            #expect(members.allSatisfy { plan.partOfStructure[$0] == part })
        }
        let sizes = plan.members.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1, "\(sizes)")
    }

    @Test func thePlanIsTheSeedsAlone() {
        #expect(PartPlan(structures: 50, parts: 4, seed: 3) == PartPlan(structures: 50, parts: 4, seed: 3))
        #expect(PartPlan(structures: 50, parts: 4, seed: 3) != PartPlan(structures: 50, parts: 4, seed: 4))
    }

    /// Every epoch visits each structure once, taking one structure of each part in turn.
    @Test(arguments: [(10, 4), (12, 3), (5, 8)])
    func anEpochTakesThePartsInTurn(structures: Int, parts: Int) {
        let plan = PartPlan(structures: structures, parts: parts, seed: 11)
        var generator = SeededGenerator(seed: 1)
        let first = plan.epochOrder(&generator)
        let second = plan.epochOrder(&generator)
        #expect(first.sorted() == Array(0..<structures) && second.sorted() == Array(0..<structures))
        // A new order every epoch, unless no part has two structures to swap.
        #expect(first != second || plan.members.allSatisfy { $0.count < 2 })
        // Rounds of one structure from each part, in part order, while the part has any left.
        var expected: [Int] = []
        for round in 0..<plan.members.map(\.count).max()! {
            expected += plan.members.indices.filter { round < plan.members[$0].count }
        }
        #expect(first.map { plan.partOfStructure[$0] } == expected)
        #expect(second.map { plan.partOfStructure[$0] } == expected)
    }

    @Test func aBatchIsGroupedByPartInPartOrder() {
        let plan = PartPlan(structures: 20, parts: 3, seed: 5)
        let batch = [7, 3, 12, 0, 19, 4]
        let groups = plan.groups(of: batch)
        #expect(groups.map(\.part) == groups.map(\.part).sorted())
        #expect(Set(groups.map(\.part)) == Set(batch.map { plan.partOfStructure[$0] }))
        for group in groups {
            #expect(group.structures == batch.filter { plan.partOfStructure[$0] == group.part })
        }
    }

    /// The chunks of an evaluation are those validation always used (near-equal runs of at
    /// most 32), so validation numbers did not change with the parts.
    @Test(arguments: [1, 31, 32, 33, 100, 950])
    func evaluationChunksCoverTheSetInOrder(count: Int) {
        let ranges = EvaluationChunks.ranges(count: count)
        #expect(ranges.count == (count + 31) / 32)
        #expect(ranges.flatMap { Array($0) } == Array(0..<count))
        #expect(ranges.allSatisfy { $0.count <= 32 && $0.count >= 1 })
        #expect(ranges.map(\.count).max()! - ranges.map(\.count).min()! <= 1)
        let chunkOf = EvaluationChunks.chunkOfStructure(count: count)
        for (c, range) in ranges.enumerated() { #expect(range.allSatisfy { chunkOf[$0] == c }) }
    }

    /// Each of 3 ranks prepares the structures of its own parts and chunks only; together they
    /// hold every structure once, and all know the whole sets' counts and compositions.
    @Test func threeRanksShareTheDataWithoutOverlap() throws {
        let session = try TrainerTests.session(training: TrainerTests.settings + #", "parts": 5"#)
        let config = session.config
        let whole = session.data
        let shards = try (0..<3).map { try TrainingData(config, source: session.configPath, shard: Shard(rank: $0, ranks: 3)) }
        for (set, name) in [(\TrainingData.train, "train"), (\TrainingData.validation, "validation")] {
            let held = shards.map { $0[keyPath: set].held }
            #expect(held.flatMap { $0 }.sorted() == Array(0..<whole[keyPath: set].count), "\(name)")
            for shard in shards {
                #expect(shard[keyPath: set].count == whole[keyPath: set].count)
                #expect(shard[keyPath: set].compositions == whole[keyPath: set].compositions)
                #expect(shard[keyPath: set].energies == whole[keyPath: set].energies)
                #expect(shard[keyPath: set].structures == shard[keyPath: set].held.map { whole[keyPath: set].structure(at: $0) })
            }
        }
        for (rank, shard) in shards.enumerated() {
            #expect(shard.plan == whole.plan)
            #expect(shard.train.held == (0..<whole.train.count).filter { whole.plan.partOfStructure[$0] % 3 == rank })
        }
        let all = Array(0..<whole.train.count)
        #expect(shards.allSatisfy { $0.train.counts(of: all) == whole.train.counts(of: all) })
    }

    @Test func oneTwoAndFourThreadsGiveTheSameBits() throws {
        var parameters: [PotentialParametersBits] = []
        for threads in [1, 2, 4] {
            let settings = TrainerTests.settings.replacingOccurrences(of: "\"threads\": 2", with: "\"threads\": \(threads)")
            let trainer = try TrainerTests.session(training: settings).trainer(resume: false)
            _ = try trainer.run()
            parameters.append(PotentialParametersBits(try Data(contentsOf: URL(fileURLWithPath: trainer.files.potential)),
                                                      trainer.state.history.map { $0.validationLoss.bitPattern }))
        }
        #expect(parameters[0] == parameters[1] && parameters[1] == parameters[2])
    }

    @Test func aCheckpointOfOtherPartsIsRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-parts-\(UUID())")
        let settings = TrainerTests.settings.replacingOccurrences(of: "\"epochs\": 4", with: "\"epochs\": 1")
        _ = try TrainerTests.session(training: settings, folder: folder).trainer(resume: false).run()
        let error = #expect(throws: JSONFileError.self) {
            try TrainerTests.session(training: settings + #", "parts": 3"#, folder: folder).trainer(resume: true)
        }
        #expect(error?.field == "run.parts")
        #expect(error?.problem == "the checkpoint's run used '4', the config gives '3'; use a new output folder, or the config that started this run")
    }

    @Test func aFailureOnASingleProcessIsItsOwnError() {
        struct Problem: Error {}
        #expect(throws: Problem.self) { try SingleProcess().collectively { throw Problem() } }
        #expect(SingleProcess().sharedFailure(Problem()) is Problem)
        #expect((try? SingleProcess().collectively { 5 }) == 5)
    }
}

/// A run's potential file and its validation losses, bit for bit.
struct PotentialParametersBits: Equatable {
    let file: Data
    let validationLosses: [UInt64]
    init(_ file: Data, _ validationLosses: [UInt64]) {
        self.file = file
        self.validationLosses = validationLosses
    }
}
