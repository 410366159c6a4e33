import ArgumentParser
import CommandSupport
import Dispatch
import Foundation
import Latte
import Linalg
import MessagePassing
import SystemSupport
import Training

/// `latte-train CONFIG.json [--resume]` (FORMATS.md section 4), or `mpiexec -n K latte-train
/// CONFIG.json [--resume]` on K processes (section 6): every rank trains the same model on its
/// parts of each batch; rank 0 prints and writes the run folder, the others are silent unless
/// they fail.
@main
struct LatteTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-train",
        abstract: "Train a LATTE potential from a JSON config (see docs/CONFIG.md).",
        discussion: "Ctrl-C saves a checkpoint and exits; --resume continues from it.")

    @Argument(help: "The training config (JSON).") var config: String
    @Flag(help: "Continue the run in the config's output folder from its checkpoint.") var resume = false
    @Flag(help: "Start a new run even if the output folder holds one (its files are replaced).") var overwrite = false

    /// MPI's world when an MPI launcher started this process, else a single process (no MPI call).
    static let communicator = MPICommunicator.world()

    static func main() {
        // Before MPI starts, the launcher's environment tells the rank (for usage errors).
        let launcherRank = ProcessInfo.processInfo.environment["PMI_RANK"] ?? ProcessInfo.processInfo.environment["PMIX_RANK"]
        mainWithOneLineErrors(tool: "latte-train", printsUsage: launcherRank == nil || launcherRank == "0",
                              isSilent: { $0 is PeerFailure }, atSuccess: finishMPI,
                              atFailure: { (communicator as? MPICommunicator)?.handOffFailure($0) })
    }

    static func finishMPI() { (communicator as? MPICommunicator)?.finish() }

    func run() throws {
        let communicator = Self.communicator
        let session = try TrainingSession.prepare(configPath: config, communicator: communicator)
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        let interrupt = InterruptFlag(announces: communicator.isLeader)
        let committee = CommitteeTraining(session)
        guard committee.count > 1 else {
            try train(session, interrupt: interrupt)
            return
        }
        var threads = 1
        for k in 1...committee.count {
            let member = committee.member(k)
            Self.say(leader: communicator.isLeader, "latte-train: committee member \(k) of \(committee.count) "
                     + "(seed \(member.config.training.seed))")
            threads = try train(member, interrupt: interrupt)
        }
        let written = try committee.writeCommittee()
        Self.say(leader: communicator.isLeader, "latte-train: committee of \(written.count) potentials: \(committee.files.potential)")
        if let (test, spread) = try committee.testMetrics(of: written, threads: threads) {
            Self.say(String(format: "test (committee mean): energy MAE %.3f meV/atom, RMSE %.3f meV/atom; forces MAE %.2f meV/Å, RMSE %.2f meV/Å",
                            1e3 * test.energyMAE, 1e3 * test.energyRMSE, 1e3 * test.forceMAE, 1e3 * test.forceRMSE))
            let rho = spread.rankCorrelationWithMaxError.map { String(format: "%.2f", $0) } ?? "n/a"
            Self.say(String(format: "test force deviation max_i σ_F,i: mean %.2f meV/Å, largest %.2f meV/Å; rank correlation with the largest force error %@",
                            1e3 * spread.meanMaxForceDeviation, 1e3 * spread.largestMaxForceDeviation, rho))
        }
    }

    /// Trains one potential (a single run, or one committee member) to its end, and prints its
    /// test errors; an interrupted run exits with 130 once its checkpoint is saved. Returns the
    /// trainer's thread count.
    @discardableResult
    func train(_ session: TrainingSession, interrupt: InterruptFlag) throws -> Int {
        let communicator = session.communicator
        let trainer = try session.trainer(resume: resume, overwrite: overwrite)
        let data = session.data
        let preparedPeak = PeakMemory.bytes()
        let leader = communicator.isLeader
        let say: (String) -> Void = { Self.say(leader: leader, $0) }
        say("latte-train: \(data.train.count) training, \(data.validation.count) validation"
              + (data.test.map { ", \($0.count) test" } ?? "") + " structures; species \(data.species.joined(separator: " "));"
              + " writing to \(trainer.files.folder)")
        say(Self.workLine(parts: data.plan.parts, ranks: communicator.size, threads: trainer.threads,
                          bytesPerPart: trainer.bytesPerPart))
        if let scaling = session.learningRateScaling {
            say(String(format: "latte-train: learning rate %.4g: %.4g for batches of %.4g atoms, times √(%.4g / %.4g) for this data's batches",
                       session.config.training.learningRate, scaling.statedRate, scaling.statedBatchAtoms,
                       scaling.atomsPerBatch, scaling.statedBatchAtoms))
        }
        say("latte-train: about \(AvailableMemory.text(bytes: session.memory.totalBytes)) of memory\(communicator.size > 1 ? " per process" : "") beyond the data (MemoryEstimate)")
        if trainer.resumed {
            say("latte-train: resuming after epoch \(trainer.state.epoch), batch \(trainer.state.batchesDone)")
        } else if resume {
            say("latte-train: no checkpoint in \(trainer.files.folder) yet; starting from the beginning")
        }

        let display = ProgressDisplay(isTerminal: ProgressDisplay.standardOutputIsTerminal,
                                      totalEpochs: session.config.training.epochs)
        let outcome = try trainer.run(shouldStop: { interrupt.isSet }, report: { if leader { display.show($0) } })
        if leader { display.finish() }
        switch outcome {
        case .interrupted(let epoch, let batch):
            say("latte-train: interrupted in epoch \(epoch) after batch \(batch); checkpoint saved. Continue with: latte-train \(config) --resume")
            Self.finishMPI()
            Foundation.exit(130)
        case .stoppedEarly(let epoch):
            say("latte-train: stopped early after epoch \(epoch): no better validation loss for \(session.config.training.earlyStoppingPatience ?? 0) epochs")
        case .finished:
            break
        }
        say("latte-train: best validation loss at epoch \(trainer.state.bestEpoch); potential: \(trainer.files.potential)")
        if let test = try session.testMetrics(with: trainer) {
            say(String(format: "test: energy MAE %.3f meV/atom, RMSE %.3f meV/atom; forces MAE %.2f meV/Å, RMSE %.2f meV/Å",
                         1e3 * test.energyMAE, 1e3 * test.energyRMSE, 1e3 * test.forceMAE, 1e3 * test.forceRMSE))
        }
        // Each rank's peak resident memory once its data is prepared (what sharding divides)
        // and over the whole run (the tapes of its parts add to it).
        let peaks = communicator.allGather([Double(preparedPeak ?? 0), Double(PeakMemory.bytes() ?? 0)],
                                           counts: Array(repeating: 2, count: communicator.size))
        if peaks.allSatisfy({ $0 > 0 }) {
            func megabytes(_ phase: Int) -> String {
                stride(from: phase, to: peaks.count, by: 2).map { String(format: "%.0f", peaks[$0] / 1e6) }.joined(separator: ", ")
            }
            say("latte-train: peak resident memory\(communicator.size > 1 ? " per rank" : ""): \(megabytes(0)) MB with the data prepared, \(megabytes(1)) MB in all")
        }
        return trainer.threads
    }

    /// Who computes the parts of a batch, with a hint when ranks cannot share them evenly.
    static func workLine(parts: Int, ranks: Int, threads: Int, bytesPerPart: Int) -> String {
        let who = ranks > 1 ? "\(ranks) processes × \(threads) thread\(threads == 1 ? "" : "s")" : "\(threads) thread\(threads == 1 ? "" : "s")"
        var line = "latte-train: every batch in \(parts) part\(parts == 1 ? "" : "s") (training.parts), on \(who)"
        if ranks > 1 {
            line += String(format: "; every step gathers %d × %.1f kB", parts, Double(bytesPerPart) / 1e3)
        }
        if ranks > parts {
            let idle = ranks - parts == 1 ? "rank \(parts) has" : "ranks \(parts)–\(ranks - 1) have"
            line += "; \(idle) no part to compute (make training.parts at least \(ranks))"
        } else if parts % ranks != 0 {
            line += "; the ranks share them unevenly (a multiple of \(ranks) balances them)"
        }
        return line
    }

    /// `line` on rank 0 only.
    static func say(leader: Bool, _ line: String) {
        if leader { say(line) }
    }

    /// One line on standard output, unbuffered like the progress display's, so lines keep their order.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The peak resident memory of this process (VmHWM of /proc/self/status), in bytes; nil where
/// that file does not exist.
enum PeakMemory {
    static func bytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first else { return nil }
        return kilobytes * 1024
    }
}

/// Set by the first Ctrl-C (the trainer then saves a checkpoint and stops); a second Ctrl-C
/// exits at once.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private let source: DispatchSourceSignal

    /// `announces`: whether this process says that it will stop (rank 0 only, under mpiexec).
    init(announces: Bool = true) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            lock.lock()
            let again = set
            set = true
            lock.unlock()
            if again { Foundation.exit(130) }
            if announces { FileHandle.standardError.write(Data("\nlatte-train: stopping after this batch (Ctrl-C again to quit at once)\n".utf8)) }
        }
        source.resume()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return set
    }
}
