import Foundation
import JSON
import Latte
import PannaData
import SystemSupport

/// A committee run (`training.committee: K`, docs/COMMITTEE.md): K members trained one after
/// another on the data prepared once, then one committee file.
///
/// - Member k (1 ... K) is a run of its own in `OUTPUT/member-k/` (checkpoint, metrics,
///   potential), so it resumes like any run; it differs from the others only in its seed,
///   `training.seed + k − 1`, which draws its initial weights and batch order. The validation
///   split and the training parts stay those of `training.seed`, shared by all members.
/// - `OUTPUT/potential.json` is the committee of the members' best potentials, and
///   `OUTPUT/test_metrics.json` the committee mean's test errors with the mean and largest force
///   deviation.
/// - With K = 1 there is no member folder: the run is exactly a single run.
public struct CommitteeTraining {
    public let session: TrainingSession
    public var count: Int { session.config.training.committee }
    public var files: RunFiles { RunFiles(folder: session.config.output) }

    public init(_ session: TrainingSession) { self.session = session }

    /// Member k's session: the same data, its own seed and folder.
    public func member(_ k: Int) -> TrainingSession {
        var config = session.config
        config.training.seed = Self.seed(of: k, base: session.config.training.seed)
        config.output = Self.memberFolder(k, of: session.config.output)
        return TrainingSession(configPath: session.configPath, config: config, data: session.data,
                               communicator: session.communicator, startingPotential: session.startingPotential,
                               memory: session.memory, learningRateScaling: session.learningRateScaling)
    }

    /// `training.seed + k − 1`, wrapping below the seed limit (2^53).
    public static func seed(of k: Int, base: UInt64) -> UInt64 {
        (base + UInt64(k - 1)) % OptimisationConfig.seedLimit
    }

    public static func memberFolder(_ k: Int, of output: String) -> String { output + "/member-\(k)" }

    /// Reads the members' best potentials and writes the committee file (rank 0; every rank
    /// gets the committee).
    public func writeCommittee() throws -> Committee {
        let communicator = session.communicator
        let members = try (1...count).map { k in
            let path = RunFiles(folder: Self.memberFolder(k, of: session.config.output)).potential
            let bytes = try communicator.leaderBytes { try Array(Data(contentsOf: URL(fileURLWithPath: path))) }
            return try communicator.collectively { try PotentialFile.decode(bytes, source: path) }
        }
        let committee = try communicator.collectively {
            do { return try Committee(members) } catch let error as PotentialParametersError {
                throw JSONFileError(file: files.potential, field: error.field, problem: error.problem)
            }
        }
        try communicator.collectively {
            if communicator.isLeader { try PotentialFile.write(committee, to: files.potential) }
        }
        return committee
    }

    /// The committee mean's errors on the test set and its force deviations, written to
    /// `test_metrics.json`: evaluated by rank 0, which alone gets them (nil elsewhere, and
    /// without a test set).
    public func testMetrics(of committee: Committee, threads: Int) throws -> (errors: ErrorMetrics, spread: DeviationReport)? {
        guard let path = session.config.data.test else { return nil }
        let communicator = session.communicator
        return try communicator.collectively {
            guard communicator.isLeader else { return nil }
            let data = session.config.data
            var structures = try StructureFiles.read(path: path, options: .init(
                energyKey: data.energyKey, forcesKey: data.forcesKey, stressKey: data.stressKey, virialKey: data.virialKey))
            if let limit = data.testLimit { structures = Array(structures.prefix(limit)) }
            let model = CommitteeModel(committee)
            var errors = ErrorMetrics(), spread = DeviationReport()
            for range in EvaluationChunks.ranges(count: structures.count) {
                let chunk = Array(structures[range])
                for (prediction, structure) in zip(try model.evaluate(chunk, threads: threads), chunk) {
                    errors.add(prediction: prediction.mean, reference: structure)
                    spread.add(prediction, reference: structure)
                }
            }
            let document = JSONValue.object([
                ("n_structures", .integer(structures.count)),
                ("n_atoms", .integer(structures.reduce(0) { $0 + $1.atomCount })),
                ("committee", .integer(committee.count)),
                ("energy_mae", JSONValue.finiteOrNull(errors.energyMAE)), ("energy_rmse", JSONValue.finiteOrNull(errors.energyRMSE)),
                ("force_mae", JSONValue.finiteOrNull(errors.forceMAE)), ("force_rmse", JSONValue.finiteOrNull(errors.forceRMSE)),
                ("mean_max_force_deviation", JSONValue.finiteOrNull(spread.meanMaxForceDeviation)),
                ("largest_max_force_deviation", JSONValue.finiteOrNull(spread.largestMaxForceDeviation)),
                ("rank_correlation_max_error", JSONValue.finiteOrNull(spread.rankCorrelationWithMaxError ?? .nan)),
                ("rank_correlation_rmse", JSONValue.finiteOrNull(spread.rankCorrelationWithRMSE ?? .nan)),
            ])
            try AtomicFile.write(JSONWriter.text(of: document), to: files.testMetrics)
            return (errors, spread)
        }
    }

}
