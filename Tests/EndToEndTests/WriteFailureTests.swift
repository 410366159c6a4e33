import Foundation
import Testing

/// The real `latte-train` when its run folder cannot be written any more: it stops with one
/// line naming the file and the system's reason, a non-zero exit (not a signal), and the files
/// it wrote before are whole and resume to the uninterrupted run's results. (Tests run as
/// root, for whom read-only permissions change nothing: the folder is moved away, or a
/// file-size limit set.)
struct WriteFailureTests {
    static let epochs = 10
    static let settings = #", "checkpoint_seconds": 0.01"#

    /// A run folder and the results of its config run without trouble.
    static func reference() throws -> (folder: URL, config: String, results: [String], checkpointBytes: Int) {
        let folder = try LatteTrainTests.runFolder(frames: 60, epochs: epochs, extra: settings)
        let config = folder.appendingPathComponent("config.json").path
        let (status, _, stderr) = try LatteEvalTests.run("latte-train", [config])
        try #require(status == 0, "\(stderr)")
        let run = folder.appendingPathComponent("run")
        let results = try KillAndResumeTests.results(of: run)
        let size = try #require(try FileManager.default.attributesOfItem(
            atPath: run.appendingPathComponent("checkpoint.json").path)[.size] as? Int)
        try FileManager.default.removeItem(at: run)
        return (folder, config, results, size)
    }

    /// Whether `stderr` is exactly one line `latte-train: RUN/FILE: cannot write: REASON` for one
    /// of the files a run writes.
    static func isOneWriteFailureLine(_ stderr: String, run: URL, reason: String) -> Bool {
        let files = ["checkpoint.json", "potential.json", "metrics.csv", "learning_curve.svg", "test_metrics.json"]
        return files.contains { stderr == "latte-train: \(run.path)/\($0): cannot write: \(reason)\n" }
    }

    @Test func aRunFolderMovedAwayStopsTheRunWithOneLineAndItsFilesResume() throws {
        let (folder, config, expected, _) = try Self.reference()
        let run = folder.appendingPathComponent("run")
        let moved = folder.appendingPathComponent("run-moved")
        let process = Process()
        process.executableURL = try LatteEvalTests.executable("latte-train")
        process.arguments = [config]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        var didMove = false
        while process.isRunning {
            if FileManager.default.fileExists(atPath: run.appendingPathComponent("metrics.csv").path) {
                didMove = rename(run.path, moved.path) == 0
                break
            }
            usleep(200)
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(didMove, "the run ended before its folder could be moved")
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        #expect(Self.isOneWriteFailureLine(stderr, run: run, reason: "No such file or directory"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: run.path), "nothing recreated the folder")

        // What it wrote before is whole: moved back, the run resumes to the same results.
        try #require(rename(moved.path, run.path) == 0)
        let (status, _, problems) = try LatteEvalTests.run("latte-train", [config, "--resume"])
        #expect(status == 0, "\(problems)")
        #expect(try KillAndResumeTests.results(of: run) == expected)
    }

    @Test func aFileSizeLimitStopsTheRunWithOneLineAndTheLastCheckpointResumes() throws {
        let (folder, config, expected, finalBytes) = try Self.reference()
        let run = folder.appendingPathComponent("run")
        // The checkpoint grows by a row of history per epoch: a limit below the last one's size
        // fails a later checkpoint, after earlier ones were written.
        let limit = finalBytes - 2_000
        let shell = URL(fileURLWithPath: "/bin/sh")
        let train = try LatteEvalTests.executable("latte-train").path
        let (status, _, stderr) = try ExternalProgram.run(
            shell, ["-c", "ulimit -f \(limit / 512) && exec \"$0\" \"$@\"", train, config],
            environment: [:])
        #expect(status == 1, "killed by SIGXFSZ instead of an error? \(stderr)")
        #expect(Self.isOneWriteFailureLine(stderr, run: run, reason: "File too large"), "\(stderr)")

        let checkpoint = run.appendingPathComponent("checkpoint.json").path
        let kept = try #require(FileManager.default.contents(atPath: checkpoint), "no checkpoint was kept")
        #expect(kept.count <= limit && kept.count < finalBytes)
        let (resumed, stdout, problems) = try LatteEvalTests.run("latte-train", [config, "--resume"])
        #expect(resumed == 0, "\(problems)")
        #expect(stdout.contains("latte-train: resuming after epoch "))
        #expect(try KillAndResumeTests.results(of: run) == expected)
    }
}
