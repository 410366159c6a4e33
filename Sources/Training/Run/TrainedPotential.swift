import Foundation
import JSON
import Latte

/// Finds the potential a user points a tool at: a `potential.json`, a run's `checkpoint.json`
/// (its exported weights), or a run folder (its `potential.json`).
public enum TrainedPotential {
    /// A single potential; a committee file is refused in one line.
    public static func load(_ path: String) throws -> PotentialParameters {
        switch try locate(path) {
        case .checkpoint(let file): return try Checkpoint.exportedParameters(contentsOf: file)
        case .potential(let file): return try PotentialFile.read(contentsOf: file)
        }
    }

    /// A committee (docs/COMMITTEE.md), or a single potential or checkpoint as a committee of one.
    public static func loadCommittee(_ path: String) throws -> Committee {
        switch try locate(path) {
        case .checkpoint(let file): return Committee(single: try Checkpoint.exportedParameters(contentsOf: file))
        case .potential(let file): return try PotentialFile.readCommittee(contentsOf: file)
        }
    }

    private enum Location {
        case potential(String)
        case checkpoint(String)
    }

    private static func locate(_ path: String) throws -> Location {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw JSONFileError(file: path, field: "", problem: "no such file or folder")
        }
        if isFolder.boolValue { return .potential(RunFiles(folder: path).potential) }
        let head = FileManager.default.contents(atPath: path).map { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
        return head.contains("\"\(Checkpoint.formatName)\"") ? .checkpoint(path) : .potential(path)
    }
}
