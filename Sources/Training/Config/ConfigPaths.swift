import Foundation
import JSON
import PannaData

/// Resolves the config's paths against the folder the config lives in, and checks that the
/// data files exist, so that a typo in a path fails at once rather than after setup.
struct ConfigPaths {
    /// An absolute folder.
    let folder: URL
    let file: String

    init(folder: String, file: String) {
        self.folder = URL(fileURLWithPath: folder, isDirectory: true).standardizedFileURL
        self.file = file
    }

    /// `path` made absolute: relative paths are taken from `folder`; `.` and `..` are removed.
    func resolve(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path, relativeTo: folder)
        return url.standardizedFileURL.path
    }

    /// The resolved path of a file that must exist; `field` names the key in errors.
    func existingFile(_ path: String, field: String) throws -> String {
        let resolved = resolve(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder) else {
            throw JSONFileError(file: file, field: field, problem: "no such file \(quoted(path, resolved))")
        }
        guard !isFolder.boolValue else {
            throw JSONFileError(file: file, field: field, problem: "\(quoted(path, resolved)) is a folder; expected a file")
        }
        return resolved
    }

    /// The resolved path of structures that must exist: an extxyz file or a folder of PANNA
    /// example files (`StructureFiles`); `field` names the key in errors.
    func existingData(_ path: String, field: String) throws -> String {
        let resolved = resolve(path)
        guard FileManager.default.fileExists(atPath: resolved) else {
            throw JSONFileError(file: file, field: field, problem: "no such file \(quoted(path, resolved))")
        }
        if StructureFiles.isFolder(resolved), (try? StructureFiles.pannaFiles(in: resolved)) == nil {
            throw JSONFileError(file: file, field: field,
                                problem: "\(quoted(path, resolved)) is a folder without PANNA example files (*.json or *.example); expected an extxyz file or such a folder")
        }
        return resolved
    }

    /// The resolved path of the output folder, which need not exist yet but must not be a file.
    func outputFolder(_ path: String, field: String) throws -> String {
        let resolved = resolve(path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: resolved, isDirectory: &isFolder), !isFolder.boolValue {
            throw JSONFileError(file: file, field: field,
                                problem: "\(quoted(path, resolved)) is a file; expected a folder for the run's output")
        }
        return resolved
    }

    /// `'ethanol/tset.xyz' (resolved to /abs/ethanol/tset.xyz)`, or just the path when absolute.
    private func quoted(_ path: String, _ resolved: String) -> String {
        path == resolved ? "'\(path)'" : "'\(path)' (resolved to \(resolved))"
    }
}
