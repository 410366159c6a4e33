import Atomistic
import Foundation

/// Where the commands take structures from: an extended XYZ file, or a folder of PANNA example
/// files (`PannaJSON`, FORMATS.md section 1), one structure per file, read in the order of
/// their names (byte order, so the same on every machine) so that frame k of a folder is
/// always the same structure. Files ending in `.json` or `.example` are read; others, hidden
/// files and subfolders are ignored.
public enum StructureFiles {
    /// The structures at `path`. For a folder, `options` apply as for extxyz: with
    /// `requireLabels`, a structure without an energy or forces is an error naming its file.
    public static func read(path: String, options: ExtXYZ.ReadOptions = ExtXYZ.ReadOptions()) throws(InputError) -> [Structure] {
        guard isFolder(path) else { return try ExtXYZ.read(path: path, options: options) }
        var structures: [Structure] = []
        for file in try pannaFiles(in: path) {
            let structure = try PannaJSON.read(path: file, minimumSeparation: options.minimumSeparation)
            if options.requireLabels {
                if structure.energy == nil { throw InputError(file: file, message: "no energy (labels are required)") }
                if structure.forces == nil { throw InputError(file: file, message: "no forces: its atoms are [id, symbol, [x, y, z]] without [fx, fy, fz] (labels are required)") }
            }
            structures.append(structure)
        }
        return structures
    }

    /// Whether `path` names a folder (rather than a file, or nothing).
    public static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// The PANNA example files in `folder`, sorted by name; an error when there are none.
    public static func pannaFiles(in folder: String) throws(InputError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw InputError(file: folder, message: "cannot read the folder: \(error.localizedDescription)")
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let files = names.filter { !$0.hasPrefix(".") && ($0.hasSuffix(".json") || $0.hasSuffix(".example")) }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            .map { base + $0 }
            .filter { !isFolder($0) }
        guard !files.isEmpty else {
            throw InputError(file: folder, message: "a folder without PANNA example files (*.json or *.example); expected those, or an extxyz file")
        }
        return files
    }
}
