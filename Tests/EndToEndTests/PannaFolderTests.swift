import Atomistic
import Foundation
import Testing

/// Folders of PANNA example files as data (FORMATS.md section 1): the same frames written as
/// PANNA JSON train and evaluate to exactly the numbers of their extxyz file.
struct PannaFolderTests {
    /// `structure` as a PANNA example file: cartesian Å, eV, forces when present; a molecule
    /// (no lattice) when the frame is not periodic. Numbers in shortest round-trip form.
    static func pannaText(_ structure: Structure) -> String {
        func vector(_ v: SIMD3<Double>) -> String { "[\(v.x), \(v.y), \(v.z)]" }
        let atoms = structure.species.indices.map { i -> String in
            let force = structure.forces.map { ", " + vector($0[i]) } ?? ""
            return "[\(i + 1), \"\(structure.species[i])\", \(vector(structure.positions[i]))\(force)]"
        }
        var members = ["\"atomic_position_unit\": \"cartesian\"", "\"unit_of_length\": \"angstrom\"",
                       "\"atoms\": [\(atoms.joined(separator: ", "))]"]
        // Other entries (config_type, ...) as PANNA keeps them: top-level strings.
        members += structure.info.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }
        if let cell = structure.cell, structure.isPeriodic {
            members.append("\"lattice_vectors\": [\(vector(cell.a)), \(vector(cell.b)), \(vector(cell.c))]")
        }
        if let energy = structure.energy { members.append("\"energy\": [\(energy), \"eV\"]") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    /// The first `count` frames of `xyz` as an extxyz file and as a folder of PANNA files (named
    /// so that their order is the file's; written in reverse, with files to ignore beside them).
    static func bothForms(of xyz: String, count: Int, in folder: URL, name: String) throws -> (xyz: String, panna: String) {
        let frames = Array(try ExtXYZ.read(path: xyz).prefix(count))
        let file = folder.appendingPathComponent("\(name).xyz").path
        try ExtXYZ.write(frames, to: file)
        let panna = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: panna, withIntermediateDirectories: true)
        for (k, frame) in frames.enumerated().reversed() {
            let stem = String(format: "%@-%04d", name, k)
            try pannaText(frame).write(to: panna.appendingPathComponent(stem + ".example"), atomically: true, encoding: .utf8)
        }
        try "not data".write(to: panna.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        try "{}".write(to: panna.appendingPathComponent(".hidden.json"), atomically: true, encoding: .utf8)
        return (file, panna.path)
    }

    static func config(train: String, test: String, output: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("\(output).json").path
        try """
            {"data": {"train": "\(train)", "validation_fraction": 0.1, "test": "\(test)"},
             "model": {"descriptor": "4,-:4,i,i:2,i,j,ij", "hidden": [8]},
             "training": {"epochs": 2, "batch_size": 4, "learning_rate": 0.01},
             "output": "\(output)"}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aPannaFolderTrainsAndEvaluatesLikeItsExtxyzFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-panna-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ethanol = LatteTrainTests.ethanol
        let train = try Self.bothForms(of: "\(ethanol)/train.xyz", count: 30, in: folder, name: "train")
        let test = try Self.bothForms(of: "\(ethanol)/test.xyz", count: 12, in: folder, name: "test")

        var runs: [URL] = []
        for (name, data) in [("from-xyz", (train.xyz, test.xyz)), ("from-panna", (train.panna, test.panna))] {
            let config = try Self.config(train: data.0, test: data.1, output: name, in: folder)
            let (status, stdout, stderr) = try LatteEvalTests.run("latte-train", [config])
            #expect(status == 0, "\(stderr)")
            #expect(stdout.contains("27 training, 3 validation, 12 test structures"), "\(stdout)")
            runs.append(folder.appendingPathComponent(name))
        }
        for file in ["potential.json", "test_metrics.json"] {
            let bytes = runs.map { FileManager.default.contents(atPath: $0.appendingPathComponent(file).path) }
            #expect(bytes[0] != nil && bytes[0] == bytes[1], "\(file)")
        }

        let potential = runs[0].appendingPathComponent("potential.json").path
        let byFile = try LatteEvalTests.run("latte-eval", ["--model", potential, "--data", test.xyz, "--json"])
        let byFolder = try LatteEvalTests.run("latte-eval", ["--model", potential, "--data", test.panna, "--json"])
        #expect(byFolder.0 == 0, "\(byFolder.2)")
        #expect(byFile.0 == 0 && byFile.1 == byFolder.1)
    }

    @Test func periodicPannaFramesEvaluateLikeTheirExtxyzFrames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-panna-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tial = LatteEvalTests.repository.appendingPathComponent("datasets/tial/test.xyz").path
        let data = try Self.bothForms(of: tial, count: 32, in: folder, name: "tial")
        let potential = LatteEvalTests.repository.appendingPathComponent("docs/tial-potential.json").path
        func metrics(_ data: String) throws -> [String: Double] {
            let (status, stdout, stderr) = try LatteEvalTests.run("latte-eval", ["--model", potential, "--data", data, "--json"])
            try #require(status == 0, "\(stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
            return report.compactMapValues { $0 as? Double }.filter { ["energy_mae", "energy_rmse", "force_mae", "force_rmse"].contains($0.key) }
        }
        let fromFile = try metrics(data.xyz)
        #expect(fromFile.count == 4)
        #expect(try metrics(data.panna) == fromFile)
    }

    @Test func aFolderWithoutPannaFilesIsOneLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-panna-empty-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let (status, _, stderr) = try LatteEvalTests.run("latte-eval", ["--model", LatteEvalTests.potential, "--data", folder.path])
        #expect(status == 1)
        #expect(stderr == "latte-eval: \(folder.path): a folder without PANNA example files (*.json or *.example); expected those, or an extxyz file\n", "\(stderr)")
    }
}
