import ArgumentParser
import CommandSupport
import Dispatch
import Foundation
import Latte
import Linalg
import Training

/// `latte-train CONFIG.json [--resume]` (FORMATS.md section 4).
@main
struct LatteTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-train",
        abstract: "Train a LATTE potential from a JSON config (see docs/CONFIG.md).",
        discussion: "Ctrl-C saves a checkpoint and exits; --resume continues from it.")

    @Argument(help: "The training config (JSON).") var config: String
    @Flag(help: "Continue the run in the config's output folder from its checkpoint.") var resume = false
    @Flag(help: "Start a new run even if the output folder holds one (its files are replaced).") var overwrite = false

    static func main() { mainWithOneLineErrors(tool: "latte-train") }

    func run() throws {
        let session = try TrainingSession.prepare(configPath: config)
        guard !(resume && overwrite) else { throw ValidationError("--resume and --overwrite exclude each other") }
        let trainer = try session.trainer(resume: resume, overwrite: overwrite)
        let data = session.data
        say("latte-train: \(data.train.count) training, \(data.validation.count) validation"
              + (data.test.map { ", \($0.count) test" } ?? "") + " structures; species \(data.species.joined(separator: " "));"
              + " writing to \(trainer.files.folder)")
        if resume { say("latte-train: resuming after epoch \(trainer.state.epoch), batch \(trainer.state.batchesDone)") }

        let interrupt = InterruptFlag()
        let display = ProgressDisplay(isTerminal: ProgressDisplay.standardOutputIsTerminal,
                                      totalEpochs: session.config.training.epochs)
        let outcome = try trainer.run(shouldStop: { interrupt.isSet }, report: display.show)
        display.finish()
        switch outcome {
        case .interrupted(let epoch, let batch):
            say("latte-train: interrupted in epoch \(epoch) after batch \(batch); checkpoint saved. Continue with: latte-train \(config) --resume")
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
    }
}

/// One line on standard output, unbuffered like the progress display's, so lines keep their order.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// Set by the first Ctrl-C (the trainer then saves a checkpoint and stops); a second Ctrl-C
/// exits at once.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var set = false
    private let source: DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            lock.lock()
            let again = set
            set = true
            lock.unlock()
            if again { Foundation.exit(130) }
            FileHandle.standardError.write(Data("\nlatte-train: stopping after this batch (Ctrl-C again to quit at once)\n".utf8))
        }
        source.resume()
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return set
    }
}
