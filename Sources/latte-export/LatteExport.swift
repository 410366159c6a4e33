import ArgumentParser
import CommandSupport
import Export
import Foundation
import Latte

/// `latte-export RUN_OR_POTENTIAL --output DIR [--overwrite] [--panna] [--lammps [--lammps-dir PREFIX]]
/// [--library PATH]` (FORMATS.md sections 4 and 5): a folder that simulation engines load.
///
/// DIR gets `potential.json` (the input's bytes, after it reads as a valid potential or
/// committee file, docs/COMMITTEE.md; every engine of the bundle runs the committee's mean),
/// `lib/liblatte.so`, `include/latte.h`, `latte_ase.py`, `examples/latte_energy.c` and a
/// `README.md`; with `--panna`, PANNA's LAMMPS files in `panna/` (`PannaLammpsExport`,
/// docs/PANNA-EXPORT.md); with `--lammps`, our own `pair_style latte` in `lammps/`, built
/// against the LAMMPS found (`LammpsBundle`, `LammpsToolchain`). Every
/// check runs before anything is written, and the folder appears all at once
/// (`StagedFolder`): on any failure DIR is as it was. An existing non-empty DIR is refused
/// unless `--overwrite`.
@main
struct LatteExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-export",
        abstract: "Write a bundle for simulation engines: the potential, the C library and header, an ASE calculator.")

    @Argument(help: "A latte-train run folder (holding potential.json), a potential.json file or a committee file.")
    var runOrPotential: String
    @Option(help: "The bundle folder to write.") var output: String
    @Flag(help: "Replace an existing non-empty output folder.") var overwrite = false
    @Flag(help: "Also write PANNA's LAMMPS files (in panna/).") var panna = false
    @Flag(help: "Also write and build LAMMPS' pair_style latte (in lammps/).") var lammps = false
    @Option(help: "The LAMMPS installation to build the plugin against (default: python3's lammps package).")
    var lammpsDir: String?
    @Option(help: "The liblatte library to ship (default: the one beside latte-export).") var library: String?

    static func main() { mainWithOneLineErrors(tool: "latte-export") }

    func run() throws {
        let potentialPath = try Self.potentialFile(runOrPotential)
        let committee = try PotentialFile.readCommittee(contentsOf: potentialPath)
        let potentialBytes = try Data(contentsOf: URL(fileURLWithPath: potentialPath))
        let libraryPath = try LibraryLocation.find(explicit: library)
        let destination = URL(fileURLWithPath: output).standardizedFileURL
        try Self.checkNotInside(URL(fileURLWithPath: potentialPath), destination)
        let pannaModel = panna ? try Self.single(committee, potentialPath) : nil
        if let pannaModel { try PannaLammpsExport.check(pannaModel) }
        guard lammps || lammpsDir == nil else { throw ExportError("--lammps-dir needs --lammps") }
        let toolchain = lammps ? try LammpsToolchain.locate(lammpsDir: lammpsDir) : nil
        try StagedFolder.checkDestination(destination, overwrite: overwrite)

        try StagedFolder.write(to: destination, overwrite: overwrite) { folder in
            try potentialBytes.write(to: folder.appendingPathComponent("potential.json"))
            try write(PackageResources.latte_ase_py, to: folder, "latte_ase.py")
            try write(PackageResources.latte_h, to: folder, "include/latte.h")
            try write(PackageResources.latte_energy_c, to: folder, "examples/latte_energy.c")
            let lib = folder.appendingPathComponent("lib")
            try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: libraryPath, toPath: lib.appendingPathComponent(LibraryLocation.fileName).path)
            if let pannaModel { try PannaLammpsExport.write(pannaModel, to: folder.appendingPathComponent("panna").path) }
            if let toolchain { try LammpsBundle.write(into: folder, committee: committee, toolchain: toolchain) }
            let readme = BundleReadme.text(committee: committee, source: runOrPotential,
                                           library: LibraryLocation.fileName, panna: panna, lammps: lammps)
            try write(readme, to: folder, "README.md")
        }
        let members = committee.count > 1 ? "a committee of \(committee.count), " : ""
        print("wrote \(destination.path): potential.json (\(members)species \(committee.species.joined(separator: " ")), "
              + "cutoff \(committee.cutoff) Å), lib/\(LibraryLocation.fileName), include/latte.h, latte_ase.py, "
              + "examples/latte_energy.c, README.md\(panna ? ", panna/" : "")\(lammps ? ", lammps/" : "")")
    }

    /// `path` itself when it is a file; `path/potential.json` when it is a run folder.
    static func potentialFile(_ path: String) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ExportError("\(path): no such file or folder")
        }
        guard isFolder.boolValue else { return path }
        let inside = URL(fileURLWithPath: path).appendingPathComponent("potential.json").path
        guard FileManager.default.fileExists(atPath: inside) else {
            throw ExportError("\(path): the folder holds no potential.json (expected a latte-train run folder or a potential file)")
        }
        return inside
    }

    /// The one potential of `committee`; PANNA's pair style runs a single model, so a
    /// committee of several is refused in one line naming `file`.
    static func single(_ committee: Committee, _ file: String) throws -> PotentialParameters {
        guard committee.count == 1 else {
            throw ExportError("--panna: \(file) is a committee of \(committee.count) potentials (docs/COMMITTEE.md); "
                              + "PANNA's pair_style runs a single one (export one member's file, or use --lammps)")
        }
        return committee.members[0]
    }

    /// Refuses an output folder that holds the input (replacing it would delete the input).
    static func checkNotInside(_ input: URL, _ destination: URL) throws {
        let file = input.resolvingSymlinksInPath().standardizedFileURL.path
        let folder = destination.resolvingSymlinksInPath().standardizedFileURL.path
        if file.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
            throw ExportError("the output folder \(destination.path) holds the input \(input.path); choose another output")
        }
    }

    private func write(_ text: String, to folder: URL, _ relativePath: String) throws {
        try write(Array(text.utf8), to: folder, relativePath)
    }

    private func write(_ bytes: [UInt8], to folder: URL, _ relativePath: String) throws {
        let file = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }
}
