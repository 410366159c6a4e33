import Foundation
import Testing
import Training

/// A temporary folder with the data files the test configs name (empty: only their existence
/// is checked), shared by every config test and created once.
enum ConfigFixture {
    static let folder: String = {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("latte-config-\(UUID().uuidString)").standardizedFileURL
        for name in ["t.xyz", "ethanol/train.xyz", "ethanol/val.xyz", "ethanol/test.xyz", "runs/occupied"] {
            let file = root.appendingPathComponent(name)
            try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try! Data().write(to: file)
        }
        return root.path
    }()

    /// `folder/relative`.
    static func path(_ relative: String) -> String { "\(folder)/\(relative)" }

    /// The config text, read as if from `folder/config.json`.
    static func decode(_ text: String) throws -> TrainingConfig {
        try TrainingConfig.decode(text, source: "config.json", folder: folder)
    }

    /// A config training on `t.xyz` with the given members added to the sections, e.g.
    /// `config(model: #""cutoff": 0"#)`.
    static func config(data: String = "", model: String = "", training: String = "", top: String = "") -> String {
        var sections = [#""data": {"train": "t.xyz"\#(data.isEmpty ? "" : ", " + data)}"#]
        if !model.isEmpty { sections.append(#""model": {\#(model)}"#) }
        if !training.isEmpty { sections.append(#""training": {\#(training)}"#) }
        if !top.isEmpty { sections.append(top) }
        return "{" + sections.joined(separator: ", ") + "}"
    }

    /// A unique empty folder for tests that write their own files.
    static func freshFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("latte-config-\(UUID().uuidString)").standardizedFileURL
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A config text and the one-line error it must give.
struct BadConfig: Sendable, CustomTestStringConvertible {
    let json: String
    let message: String
    var testDescription: String { message }

    init(_ json: String, _ message: String) {
        self.json = json
        self.message = message
    }
}

/// `String(describing:)` of the error `body` throws; records an issue when nothing is thrown.
func errorMessage(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any) -> String {
    do {
        let result = try body()
        Issue.record("no error; got \(result)", sourceLocation: sourceLocation)
        return ""
    } catch {
        return String(describing: error)
    }
}

/// Checks that decoding `json` fails with exactly `message`, on one line.
func expectError(_ json: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let found = errorMessage(sourceLocation: sourceLocation) { try ConfigFixture.decode(json) }
    #expect(found == message, sourceLocation: sourceLocation)
    #expect(!found.contains("\n"), sourceLocation: sourceLocation)
}
