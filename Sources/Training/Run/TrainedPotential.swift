import Foundation
import JSON
import Latte

/// Finds the potential a user points a tool at: a `potential.json`, a run's `checkpoint.json`
/// (its exported weights), or a run folder (its `potential.json`).
public enum TrainedPotential {
    public static func load(_ path: String) throws -> PotentialParameters {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw JSONFileError(file: path, field: "", problem: "no such file or folder")
        }
        if isFolder.boolValue { return try PotentialFile.read(contentsOf: RunFiles(folder: path).potential) }
        let head = FileManager.default.contents(atPath: path).map { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
        if head.contains("\"\(Checkpoint.formatName)\"") { return try Checkpoint.exportedParameters(contentsOf: path) }
        return try PotentialFile.read(contentsOf: path)
    }
}
