import Atomistic
import Foundation
import JSON
import Latte
import Testing

/// Committees through the real executables: `latte-train` with `training.committee`,
/// `latte-eval` reporting the spread, `latte-select` picking frames (docs/COMMITTEE.md).
struct CommitteeCommandTests {
    static let tial = LatteEvalTests.repository.appendingPathComponent("datasets/tial").path

    @Test func aCommitteeRunTrainsItsMembersAndWritesTheCommitteeFile() throws {
        let single = try LatteTrainTests.runFolder(frames: 30, epochs: 2)
        let committee = try LatteTrainTests.runFolder(frames: 30, epochs: 2, extra: ", \"committee\": 2")
        for folder in [single, committee] {
            let (status, _, stderr) = try LatteEvalTests.run("latte-train", [folder.appendingPathComponent("config.json").path])
            try #require(status == 0, "\(stderr)")
        }
        let run = committee.appendingPathComponent("run")
        func bytes(_ url: URL, _ path: String) -> Data? { FileManager.default.contents(atPath: url.appendingPathComponent(path).path) }
        // Member 1 is the single run with the same seed, bit for bit; member 2 differs.
        let singlePotential = try #require(bytes(single, "run/potential.json"))
        #expect(bytes(run, "member-1/potential.json") == singlePotential)
        // The metrics without their last column, the epoch's seconds.
        func untimed(_ data: Data?) -> [Substring] {
            String(decoding: data ?? Data(), as: UTF8.self).split(separator: "\n").map { $0.prefix(upTo: $0.lastIndex(of: ",")!) }
        }
        #expect(untimed(bytes(run, "member-1/metrics.csv")) == untimed(bytes(single, "run/metrics.csv")))
        #expect(bytes(run, "member-2/potential.json") != singlePotential)

        let file = try PotentialFile.readCommittee(contentsOf: run.appendingPathComponent("potential.json").path)
        #expect(file.count == 2)
        for (k, member) in file.members.enumerated() {
            let alone = try PotentialFile.read(contentsOf: run.appendingPathComponent("member-\(k + 1)/potential.json").path)
            #expect(try PotentialFile.encode(member) == PotentialFile.encode(alone))
        }
        let metricsBytes = try #require(bytes(run, "test_metrics.json"))
        let metrics = try #require(try JSONSerialization.jsonObject(with: metricsBytes) as? [String: Any])
        #expect(metrics["committee"] as? Int == 2)
        #expect((metrics["mean_max_force_deviation"] as? Double ?? 0) > 0)

        // --resume after the end changes nothing.
        let before = try FileManager.default.subpathsOfDirectory(atPath: run.path).sorted().map { bytes(run, $0) }
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [committee.appendingPathComponent("config.json").path, "--resume"])
        #expect(status == 0 && stdout.contains("committee of 2 potentials"), "\(stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: run.path).sorted().map { bytes(run, $0) } == before)
    }

    @Test func latteEvalReportsTheMeanAndTheSpreadOfACommittee() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-committee-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let golden = LatteEvalTests.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials")
        let first = try PotentialFile.read(contentsOf: golden.appendingPathComponent("full_tial.json").path)
        var second = first
        for s in second.networks.indices { second.networks[s].layers[0].bias = second.networks[s].layers[0].bias.map { $0 + 0.05 } }
        let committee = try Committee([first, second])
        let path = folder.appendingPathComponent("committee.json").path
        try PotentialFile.write(committee, to: path)
        let data = "\(Self.tial)/test.xyz"
        let predictions = folder.appendingPathComponent("predictions.xyz").path
        let table = folder.appendingPathComponent("deviations.csv").path
        let (status, stdout, stderr) = try LatteEvalTests.run("latte-eval", [
            "--model", path, "--data", data, "--energy-key", "energy", "--forces-key", "force",
            "--predictions", predictions, "--deviations", table, "--json"])
        try #require(status == 0, "\(stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let spread = try #require(report["committee"] as? [String: Any])
        #expect(spread["members"] as? Int == 2)

        let structures = try ExtXYZ.read(path: data, options: .init(forcesKey: "force"))
        let expected = try CommitteeModel(committee).evaluate(structures, stress: true)
        let written = try ExtXYZ.read(path: predictions)
        let rows = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map { Double($0)! } }
        #expect(rows.count == structures.count)
        for (f, prediction) in expected.enumerated() {
            #expect(written[f].energy == prediction.mean.energy)
            #expect(written[f].forces == prediction.mean.forces)
            #expect(written[f].info["max_force_deviation"].flatMap(Double.init) == prediction.maxForceDeviation)
            #expect(rows[f][2] == prediction.mean.energy && rows[f][3] == prediction.energyDeviation
                    && rows[f][4] == prediction.maxForceDeviation)
        }
        // Read with our exact parser: JSONSerialization may round the last digit differently.
        let largest = expected.map(\.maxForceDeviation).max()!
        guard case .object(let top) = try JSONParser.parse(Array(stdout.utf8)),
              case .object(let members)? = top.first(where: { $0.key == "committee" })?.value,
              case .number(let written)? = members.first(where: { $0.key == "largest_max_force_deviation" })?.value else {
            Issue.record("no committee.largest_max_force_deviation in \(stdout)")
            return
        }
        #expect(written == largest)
        #expect(try String(contentsOfFile: predictions, encoding: .utf8).contains(":force_deviation:R:1"))

        // A single potential's report has no committee part.
        let alone = try LatteEvalTests.run("latte-eval", ["--model", golden.appendingPathComponent("full_tial.json").path,
                                                          "--data", data, "--forces-key", "force", "--json"])
        #expect(alone.0 == 0 && !alone.1.contains("\"committee\""))
    }

    /// The Ti–Al set without its 5000 K cells: a committee of three small members, trained for
    /// 20 epochs, is least sure of exactly the 14 held-out hot cells among the 45 it has not
    /// seen, and `latte-select` picks hot cells planted in a trajectory of cold ones.
    @Test func theHeldOutHotCellsAreTheMostUncertainAndGetSelected() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-committee-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let options = ExtXYZ.ReadOptions(forcesKey: "force")
        let train = try ExtXYZ.read(path: "\(Self.tial)/train.xyz", options: options)
        let test = try ExtXYZ.read(path: "\(Self.tial)/test.xyz", options: options)
        func isHot(_ s: Structure) -> Bool { s.info["config_type"] == "TiAl_T5000" }
        let cold = train.filter { !isHot($0) }, hot = (train + test).filter(isHot)
        let heldOut = test.filter { !isHot($0) } + hot
        try #require(hot.count == 14 && heldOut.count == 45)
        try ExtXYZ.write(cold, to: folder.appendingPathComponent("cold.xyz").path)
        try ExtXYZ.write(heldOut, to: folder.appendingPathComponent("heldout.xyz").path)
        let config = """
            {"data": {"train": "cold.xyz", "validation_fraction": 0.05},
             "model": {"cutoff": 5.0, "descriptor": "8,-:8,i,i:4,i,j,ij", "hidden": [16]},
             "training": {"epochs": 20, "batch_size": 4, "energy_weight": 10.0, "force_weight": 1.0, "learning_rate": 0.01,
                          "schedule": {"type": "exponential", "decay_rate": 0.1, "decay_epochs": 20}, "ema_decay": 0.99,
                          "committee": 3},
             "output": "run"}
            """
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        let (status, _, stderr) = try LatteEvalTests.run("latte-train", [folder.appendingPathComponent("config.json").path])
        try #require(status == 0, "\(stderr)")

        let run = folder.appendingPathComponent("run").path
        let committee = try PotentialFile.readCommittee(contentsOf: run + "/potential.json")
        let sigma = try CommitteeModel(committee).evaluate(heldOut).map(\.maxForceDeviation)
        let mostUncertain = Set(sigma.indices.sorted { sigma[$0] > sigma[$1] }.prefix(14))
        #expect(mostUncertain == Set(31..<45), "σ_F: \(sigma)")

        // Hot cells at frames 7, 20 and 33 (1-based) of a trajectory of 40 cold cells.
        var trajectory = Array(cold.prefix(40))
        for (frame, cell) in zip([7, 20, 33], hot) { trajectory[frame - 1] = cell }
        let candidates = folder.appendingPathComponent("trajectory.xyz").path
        try ExtXYZ.write(trajectory, to: candidates)
        let selected = folder.appendingPathComponent("selected.xyz").path
        let picked = try LatteEvalTests.run("latte-select", ["--model", run, "--candidates", candidates, "--count", "3", "--output", selected])
        try #require(picked.0 == 0, "\(picked.2)")
        let frames = try ExtXYZ.read(path: selected)
        #expect(frames.map { $0.info["candidate_frame"] } == ["7", "20", "33"])
        #expect(frames.allSatisfy { $0.energy == nil && $0.forces == nil })
        #expect(frames[0].positions == trajectory[6].positions && frames[0].species == trajectory[6].species)

        // An upper trust level below the hot cells' deviation leaves them out.
        let hotSigma = try CommitteeModel(committee).evaluate(Array(hot.prefix(3))).map(\.maxForceDeviation).min()!
        let capped = try LatteEvalTests.run("latte-select", ["--model", run, "--candidates", candidates, "--count", "3",
                                                             "--upper", "\(hotSigma / 2)", "--output", selected])
        #expect(capped.0 == 0 && capped.1.contains("3 above"), "\(capped.1)")
        #expect(try ExtXYZ.read(path: selected).allSatisfy { !["7", "20", "33"].contains($0.info["candidate_frame"]!) })
    }

    @Test func latteSelectRefusesBadArgumentsInOneLine() throws {
        let potential = LatteEvalTests.repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_tial.json").path
        let data = "\(Self.tial)/test.xyz"
        let single = try LatteEvalTests.run("latte-select", ["--model", potential, "--candidates", data, "--count", "2", "--output", "/tmp/x.xyz"])
        #expect(single.0 == 1 && single.2 == "latte-select: \(potential): a single potential; selecting needs a committee (train one with training.committee)\n")
        let missing = try LatteEvalTests.run("latte-select", ["--model", "/nonexistent", "--candidates", data, "--count", "2", "--output", "/tmp/x.xyz"])
        #expect(missing.0 != 0 && missing.2.contains("/nonexistent: no such file or folder"))
        let count = try LatteEvalTests.run("latte-select", ["--model", potential, "--candidates", data, "--count", "0", "--output", "/tmp/x.xyz"])
        #expect(count.0 != 0 && count.2.hasPrefix("Error: --count must be positive, got 0"))
    }
}
