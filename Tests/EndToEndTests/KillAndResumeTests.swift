import Foundation
import Testing

/// `kill -9` of the real `latte-train` at five moments (inside epochs, while a checkpoint is
/// written, while the epoch's files are written, before the test metrics), each followed by
/// `latte-train --resume`: every resumed run ends with the files of the uninterrupted run,
/// byte for byte (`metrics.csv` but for its seconds column). `training.checkpoint_seconds`
/// is tiny, so that a checkpoint is written after every batch and kills land in writes.
struct KillAndResumeTests {
    static let epochs = 5
    static let settings = #", "checkpoint_seconds": 0.01, "ema_decay": 0.9, "schedule": {"type": "plateau", "patience": 1}"#

    /// When to kill the run, from what its folder shows; `observe` is asked every few hundred
    /// microseconds while the run goes on, and may keep state between calls.
    struct Moment: CustomStringConvertible {
        let description: String
        let observe: (RunFolder) -> Bool
    }

    /// What a polling test can see of a run folder.
    struct RunFolder {
        let url: URL
        var names: [String] { (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] }
        func has(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) }
        /// Completed epochs, from `metrics.csv`.
        var epochsDone: Int {
            guard let text = try? String(contentsOf: url.appendingPathComponent("metrics.csv"), encoding: .utf8) else { return 0 }
            return max(text.split(separator: "\n").count - 1, 0)
        }
        /// The checkpoint's inode and modification time: every (atomic) write changes them.
        var checkpointIdentity: [Int]? {
            var status = stat()
            guard stat(url.appendingPathComponent("checkpoint.json").path, &status) == 0 else { return nil }
            return [Int(status.st_ino), status.st_mtim.tv_sec, status.st_mtim.tv_nsec]
        }
        /// Whether a temporary file of an atomic write of `target` exists: the write is under way.
        func isWriting(_ target: String) -> Bool { names.contains { $0.hasPrefix(".\(target).") && $0.hasSuffix(".tmp") } }
    }

    static func moments() -> [Moment] { [
        Moment(description: "inside the first epoch, after its first checkpoint") { $0.has("checkpoint.json") && !$0.has("metrics.csv") },
        {
            // After epoch 3's second mid-epoch checkpoint.
            var last: [Int]?
            var changes = 0
            return Moment(description: "inside epoch 3") { folder in
                guard folder.epochsDone == 2, let identity = folder.checkpointIdentity else { return false }
                if let last, last != identity { changes += 1 }
                last = identity
                return changes >= 2
            }
        }(),
        Moment(description: "while a checkpoint is written") { $0.epochsDone >= 1 && $0.isWriting("checkpoint.json") },
        Moment(description: "while an epoch's potential, metrics or curve are written") { folder in
            ["potential.json", "metrics.csv", "learning_curve.svg"].contains { folder.isWriting($0) }
        },
        Moment(description: "after the last epoch, before the test metrics") { $0.epochsDone == epochs && !$0.has("test_metrics.json") },
    ] }

    /// The files a run must reproduce: potential and test metrics whole, metrics without seconds.
    static func results(of run: URL) throws -> [String] {
        let potential = try String(contentsOf: run.appendingPathComponent("potential.json"), encoding: .utf8)
        let test = try String(contentsOf: run.appendingPathComponent("test_metrics.json"), encoding: .utf8)
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        return [potential, test] + metrics
    }

    @Test func aRunKilledAtAnyMomentResumesToTheSameFiles() throws {
        let folder = try LatteTrainTests.runFolder(frames: 120, epochs: Self.epochs, extra: Self.settings)
        let config = folder.appendingPathComponent("config.json").path
        let run = folder.appendingPathComponent("run")
        let (status, _, stderr) = try LatteEvalTests.run("latte-train", [config])
        try #require(status == 0, "\(stderr)")
        let expected = try Self.results(of: run)
        #expect(expected.count == 3 + Self.epochs)

        let view = RunFolder(url: run)
        for moment in Self.moments() {
            // A short moment can pass between two looks at the folder: a run that ends unseen
            // is started again (a few times at most).
            var killed = false
            for _ in 0..<5 where !killed {
                try FileManager.default.removeItem(at: run)
                killed = try Self.start(config, killingWhen: { moment.observe(view) })
            }
            try #require(killed, "never saw the moment: \(moment)")

            let (resumed, stdout, problems) = try LatteEvalTests.run("latte-train", [config, "--resume"])
            #expect(resumed == 0, "\(moment): \(problems)")
            #expect(stdout.contains("latte-train: resuming after epoch ") || stdout.contains("starting from the beginning"))
            #expect(try Self.results(of: run) == expected, "\(moment)")
            #expect(!view.names.contains { $0.hasSuffix(".tmp") }, "\(moment): temporary files left: \(view.names)")
        }
    }

    /// Runs `latte-train config`, killing it with SIGKILL as soon as `moment` holds; returns
    /// whether it was killed (false: it ended first).
    static func start(_ config: String, killingWhen moment: () -> Bool) throws -> Bool {
        let process = Process()
        process.executableURL = try LatteEvalTests.executable("latte-train")
        process.arguments = [config]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var killed = false
        while process.isRunning && !killed {
            if moment() {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            } else {
                usleep(200)
            }
        }
        process.waitUntilExit()
        return killed && process.terminationReason == .uncaughtSignal
    }

    @Test func resumeWithoutACheckpointStartsFromTheBeginning() throws {
        let folder = try LatteTrainTests.runFolder(frames: 30, epochs: 1)
        let config = folder.appendingPathComponent("config.json").path
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [config, "--resume"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("latte-train: no checkpoint in \(folder.path)/run yet; starting from the beginning"), "\(stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("run/potential.json").path))
    }
}
