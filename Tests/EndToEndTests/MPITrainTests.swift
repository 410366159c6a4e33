import Foundation
import Latte
import Testing

/// `mpiexec -n K latte-train` (FORMATS.md section 6), the real executables under MPICH's
/// launcher: the same files for any number of ranks and threads, resuming on another number of
/// ranks, one line for bad input, and the memory per rank falling with K. Without `mpiexec`
/// these tests are skipped and say so; under CI (`CI=true`) a missing `mpiexec` fails them.
struct MPITrainTests {
    static let mpiexec = ExternalProgram.find(["mpiexec", "mpiexec.mpich"])
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"
    static let runnable = mpiexec != nil || required
    static let skipReason: Comment = "mpiexec (Debian's mpich) is not installed: training on several processes is not tested"

    static let repository = LatteEvalTests.repository
    static let tial = repository.appendingPathComponent("datasets/tial").path
    static let ethanol = repository.appendingPathComponent("datasets/ethanol").path
    static let tinyModel = #""descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [8]"#

    /// A small Ti–Al run with the stress term (the cells carry virials), and its test set.
    static func tialConfig(threads: Int, epochs: Int = 3) -> String {
        """
        {"data": {"train": "\(tial)/train.xyz", "train_limit": 36, "validation_fraction": 0.25,
                  "test": "\(tial)/test.xyz", "test_limit": 8},
         "model": {\(tinyModel)},
         "training": {"epochs": \(epochs), "batch_size": 6, "parts": 6, "threads": \(threads), "learning_rate": 0.01,
                      "energy_weight": 10.0, "force_weight": 1.0, "stress_weight": 10.0, "ema_decay": 0.9},
         "output": "run"}
        """
    }

    /// A small ethanol run (batches of 8 in 6 parts: parts of one and two structures).
    static func ethanolConfig(threads: Int, frames: Int = 48, epochs: Int = 3) -> String {
        """
        {"data": {"train": "\(ethanol)/train.xyz", "train_limit": \(frames), "validation_fraction": 0.25,
                  "test": "\(ethanol)/test.xyz", "test_limit": 12},
         "model": {\(tinyModel)},
         "training": {"epochs": \(epochs), "batch_size": 8, "parts": 6, "threads": \(threads), "learning_rate": 0.01,
                      "clip_gradient_norm": 10.0},
         "output": "run"}
        """
    }

    /// A new folder holding `config` as config.json.
    static func folder(_ config: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-mpi-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        return folder
    }

    static func launcher() throws -> URL {
        try #require(mpiexec, "CI=true, but mpiexec (Debian's mpich) is not installed")
    }

    /// `mpiexec -n ranks latte-train config.json ARGUMENTS` in `folder`, or plain `latte-train`
    /// (no launcher, no MPI) when `ranks` is nil.
    static func train(ranks: Int?, in folder: URL, _ arguments: [String] = []) throws -> (Int32, String, String) {
        let latteTrain = try LatteEvalTests.executable("latte-train")
        let command = ["config.json"] + arguments
        guard let ranks else { return try ExternalProgram.run(latteTrain, command, in: folder) }
        return try ExternalProgram.run(launcher(), ["-n", "\(ranks)", latteTrain.path] + command, in: folder)
    }

    /// What must not depend on ranks or threads: potential.json and test_metrics.json byte for
    /// byte, and every metrics.csv column but the last (the seconds).
    struct Outcome: Equatable {
        let potential: Data
        let testMetrics: Data
        let metricsRows: [String]

        init(_ folder: URL) throws { try self.init(run: folder.appendingPathComponent("run")) }

        init(run: URL) throws {
            potential = try Data(contentsOf: run.appendingPathComponent("potential.json"))
            testMetrics = try Data(contentsOf: run.appendingPathComponent("test_metrics.json"))
            metricsRows = try String(contentsOf: run.appendingPathComponent("metrics.csv"), encoding: .utf8)
                .split(separator: "\n").map { $0.split(separator: ",").dropLast().joined(separator: ",") }
        }
    }

    /// Plain latte-train, then 1, 2 and 3 ranks with 1, 2 and 4 threads each: all the same.
    static func checkSameOutcomes(_ config: (Int) -> String) throws {
        let plain = try folder(config(2))
        let (status, _, stderr) = try train(ranks: nil, in: plain)
        try #require(status == 0, "\(stderr)")
        let reference = try Outcome(plain)
        #expect(reference.metricsRows.count == 4)
        for ranks in [1, 2, 3] {
            for threads in [1, 2, 4] {
                let run = try folder(config(threads))
                let (status, stdout, stderr) = try train(ranks: ranks, in: run)
                try #require(status == 0, "\(ranks) ranks × \(threads) threads: \(stderr)")
                #expect(stderr.isEmpty, "\(ranks) ranks × \(threads) threads: \(stderr)")
                // Rank 0 alone prints.
                #expect(stdout.components(separatedBy: "latte-train: every batch in 6 parts").count == 2, "\(stdout)")
                #expect(try Outcome(run) == reference, "\(ranks) ranks × \(threads) threads")
            }
        }
    }

    @Test(.enabled(if: runnable, skipReason))
    func tialGivesTheSameFilesOnAnyNumberOfRanksAndThreads() throws {
        try Self.checkSameOutcomes { Self.tialConfig(threads: $0) }
    }

    @Test(.enabled(if: runnable, skipReason))
    func ethanolGivesTheSameFilesOnAnyNumberOfRanksAndThreads() throws {
        try Self.checkSameOutcomes { Self.ethanolConfig(threads: $0) }
    }

    /// A committee of two (docs/COMMITTEE.md): its file and test metrics on 2 ranks are those of
    /// plain latte-train, and rank 0 alone prints.
    @Test(.enabled(if: runnable, skipReason))
    func aCommitteeGivesTheSameFilesOnTwoRanks() throws {
        let config = Self.tialConfig(threads: 1).replacingOccurrences(of: "\"ema_decay\": 0.9", with: "\"ema_decay\": 0.9, \"committee\": 2")
        let plain = try Self.folder(config), ranks = try Self.folder(config)
        let (status, _, stderr) = try Self.train(ranks: nil, in: plain)
        try #require(status == 0, "\(stderr)")
        let (parallel, stdout, problems) = try Self.train(ranks: 2, in: ranks)
        try #require(parallel == 0, "\(problems)")
        #expect(stdout.components(separatedBy: "committee of 2 potentials").count == 2, "\(stdout)")
        let reference = try Outcome(run: plain.appendingPathComponent("run/member-2"))
        #expect(try Outcome(run: ranks.appendingPathComponent("run/member-2")) == reference)
        for file in ["run/potential.json", "run/test_metrics.json"] {
            let expected = try Data(contentsOf: plain.appendingPathComponent(file))
            #expect(try Data(contentsOf: ranks.appendingPathComponent(file)) == expected, "\(file)")
        }
        #expect(try PotentialFile.readCommittee(contentsOf: ranks.appendingPathComponent("run/potential.json").path).count == 2)
    }

    /// Two epochs on 2 ranks, then `--resume` to four on 3 ranks: the files of four epochs in
    /// one go (plain latte-train).
    @Test(.enabled(if: runnable, skipReason))
    func aRunStoppedOnTwoRanksResumesOnThree() throws {
        let whole = try Self.folder(Self.tialConfig(threads: 1, epochs: 4))
        let (status, _, stderr) = try Self.train(ranks: nil, in: whole)
        try #require(status == 0, "\(stderr)")

        let split = try Self.folder(Self.tialConfig(threads: 1, epochs: 2))
        let first = try Self.train(ranks: 2, in: split)
        try #require(first.0 == 0, "\(first.2)")
        try Self.tialConfig(threads: 2, epochs: 4).write(to: split.appendingPathComponent("config.json"),
                                                         atomically: true, encoding: .utf8)
        let (resumed, stdout, problems) = try Self.train(ranks: 3, in: split, ["--resume"])
        try #require(resumed == 0, "\(problems)")
        #expect(stdout.contains("latte-train: resuming after epoch 2, batch 0"), "\(stdout)")
        #expect(try Outcome(split) == Outcome(whole))
    }

    /// Ctrl-C reaches every rank through mpiexec; all stop after the same batch, rank 0 saves
    /// the checkpoint, and 3 ranks finish the run with the uninterrupted numbers.
    @Test(.enabled(if: runnable, skipReason))
    func ctrlCOnTwoRanksThenResumeOnThree() throws {
        let config = Self.ethanolConfig(threads: 1, frames: 160, epochs: 8)
        let whole = try Self.folder(config)
        let (status, _, stderr) = try Self.train(ranks: nil, in: whole)
        try #require(status == 0, "\(stderr)")

        let split = try Self.folder(config)
        let output = split.appendingPathComponent("stdout.txt")
        let pid = try Self.spawn(Self.launcher().path, ["-n", "2", try LatteEvalTests.executable("latte-train").path,
                                                       split.appendingPathComponent("config.json").path], output: output)
        let metrics = split.appendingPathComponent("run/metrics.csv").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: metrics) && Date() < deadline { usleep(5_000) }
        kill(pid, SIGINT)
        var waitStatus: Int32 = 0
        waitpid(pid, &waitStatus, 0)
        let printed = try String(contentsOf: output, encoding: .utf8)
        try #require(printed.contains("latte-train: interrupted in epoch "), "the run ended before Ctrl-C stopped it: \(printed)")
        // Every rank exits with 130 (after MPI_Finalize); MPICH's mpiexec passes that on, though
        // now and then it returns 0 when a rank has ended before it forwarded Ctrl-C there.
        let exitCode = (waitStatus >> 8) & 0xff
        #expect(waitStatus & 0x7f == 0 && [0, 130].contains(exitCode), "wait status \(waitStatus)")

        let (resumed, stdout, problems) = try Self.train(ranks: 3, in: split, ["--resume"])
        try #require(resumed == 0, "\(problems)")
        #expect(stdout.contains("latte-train: resuming after epoch "), "\(stdout)")
        #expect(try Outcome(split) == Outcome(whole))
    }

    /// A rank killed with SIGKILL ends the whole job (no rank hangs), and `--resume` from the
    /// last checkpoint, on 3 ranks, gives the uninterrupted run's files.
    @Test(.enabled(if: runnable, skipReason))
    func aKilledRankEndsTheJobAndResumeRecovers() throws {
        let config = Self.ethanolConfig(threads: 1, frames: 160, epochs: 8)
        let whole = try Self.folder(config)
        let (status, _, stderr) = try Self.train(ranks: nil, in: whole)
        try #require(status == 0, "\(stderr)")

        let split = try Self.folder(config)
        let configPath = split.appendingPathComponent("config.json").path
        let latteTrain = try LatteEvalTests.executable("latte-train").path
        let pid = try Self.spawn(Self.launcher().path, ["-n", "2", latteTrain, configPath],
                                 output: split.appendingPathComponent("stdout.txt"))
        // The first checkpoint (written after epoch 1, atomically) is where the resumed run starts.
        let checkpoint = split.appendingPathComponent("run/checkpoint.json").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: checkpoint) && Date() < deadline { usleep(5_000) }
        let ranks = Self.processes(arguments: [latteTrain, configPath])
        try #require(ranks.count == 2, "ranks \(ranks)")
        kill(ranks[1], SIGKILL)
        var waitStatus: Int32 = 0
        waitpid(pid, &waitStatus, 0)
        #expect(waitStatus != 0, "mpiexec reported success after a rank was killed")
        #expect(Self.processes(arguments: [latteTrain, configPath]).isEmpty, "a rank outlived the job")

        let (resumed, stdout, problems) = try Self.train(ranks: 3, in: split, ["--resume"])
        try #require(resumed == 0, "\(problems)")
        #expect(stdout.contains("latte-train: resuming after epoch "), "\(stdout)")
        #expect(try Outcome(split) == Outcome(whole))
    }

    /// The processes whose command line is exactly `arguments` (found in /proc).
    static func processes(arguments: [String]) -> [pid_t] {
        let wanted = Data((arguments.joined(separator: "\0") + "\0").utf8)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") == wanted
        }.sorted()
    }

    /// Starts `program` with `arguments`, standard output into `output`, standard error to
    /// /dev/null, and no signal blocked: Foundation's `Process` leaves SIGINT blocked in its
    /// children, and mpiexec would then never see Ctrl-C.
    static func spawn(_ program: String, _ arguments: [String], output: URL) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        try #require(status == 0, "posix_spawn \(program): \(String(cString: strerror(status)))")
        return pid
    }

    @Test(.enabled(if: runnable, skipReason))
    func aBadFrameIsOneLineAndAFailedJob() throws {
        let text = try String(contentsOfFile: "\(Self.ethanol)/train.xyz", encoding: .utf8)
        var lines = Array(text.split(separator: "\n", omittingEmptySubsequences: false).prefix(11 * 40))
        // Frame 5 (9 atoms and 2 header lines per frame), its atom 4: a y coordinate "1.2.3".
        var fields = lines[11 * 4 + 2 + 3].split(separator: " ").map(String.init)
        fields[2] = "1.2.3"
        lines[11 * 4 + 2 + 3] = Substring(fields.joined(separator: " "))
        let folder = try Self.folder(Self.ethanolConfig(threads: 1).replacingOccurrences(of: "\(Self.ethanol)/train.xyz", with: "bad.xyz"))
        try (lines.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("bad.xyz"), atomically: true, encoding: .utf8)

        let (status, stdout, stderr) = try Self.train(ranks: 2, in: folder)
        #expect(status == 1)
        #expect(stdout.isEmpty, "\(stdout)")
        #expect(stderr.split(separator: "\n").count == 1, "\(stderr)")
        #expect(stderr.hasPrefix("latte-train: \(folder.path)/bad.xyz:50: frame 5: atom 4: column pos: '1.2.3' is not a finite number"),
                "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("run").path))
    }

    /// Each rank's peak resident memory (VmHWM), as latte-train reports it, with the data
    /// prepared and over the whole run: `[phase][rank]` in MB.
    static func peakMemory(_ stdout: String) throws -> [[Double]] {
        // "latte-train: peak resident memory per rank: 57, 56 MB with the data prepared, 77, 76 MB in all"
        let line = try #require(stdout.split(separator: "\n").first { $0.hasPrefix("latte-train: peak resident memory") })
        let values = line[try #require(line.range(of: ": ", options: .backwards)).upperBound...]
        return values.components(separatedBy: " MB").dropLast().map { phase in
            phase.split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Double($0) }
        }
    }

    /// The Ti–Al training set copied 16 times (4 752 cells): each of 2 ranks prepares half of
    /// it, so the memory its data takes (the peak once the data is prepared, less that of a run
    /// on 40 cells) is about half of one rank's, and the whole run's peak is lower too.
    @Test(.enabled(if: runnable, skipReason))
    func memoryPerRankFallsWithTheNumberOfRanks() throws {
        let cells = try String(contentsOfFile: "\(Self.tial)/train.xyz", encoding: .utf8)
        func config(limit: String) -> String {
            """
            {"data": {"train": "tial16.xyz", "validation_fraction": 0.05\(limit)},
             "model": {\(Self.tinyModel)},
             "training": {"epochs": 1, "batch_size": 64, "parts": 4, "threads": 1, "stress_weight": 1.0},
             "output": "run"}
            """
        }
        var peaks: [[[Double]]] = []
        for (ranks, limit) in [(1, #", "train_limit": 40"#), (1, ""), (2, "")] {
            let folder = try Self.folder(config(limit: limit))
            try String(repeating: cells, count: 16).write(to: folder.appendingPathComponent("tial16.xyz"),
                                                          atomically: true, encoding: .utf8)
            let (status, stdout, stderr) = try Self.train(ranks: ranks, in: folder)
            try #require(status == 0, "\(stderr)")
            let peak = try Self.peakMemory(stdout)
            try #require(peak.count == 2 && peak.allSatisfy { $0.count == ranks }, "\(stdout)")
            peaks.append(peak)
        }
        let (base, one, two) = (peaks[0][0][0], peaks[1], peaks[2])
        let data = one[0][0] - base
        #expect(data > 20, "the data should take tens of MB: \(peaks)")
        for rank in 0..<2 {
            #expect(two[0][rank] - base < 0.7 * data, "rank \(rank) with the data prepared: \(peaks)")
            #expect(two[1][rank] < one[1][0], "rank \(rank) over the run: \(peaks)")
        }
    }
}
