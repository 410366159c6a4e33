import Latte

/// Where `latte-export --panna` gets PANNA's LAMMPS files from.
///
/// This build has no PANNA exporter, so `write` is nil and `--panna` ends the export with
/// `unavailable` (before anything is written). To wire in the exporter of branch `panna`:
/// add its target to latte-export's dependencies in Package.swift, import it here, and set
///
///     static let write: Writer? = { parameters, folder in
///         try PannaLammpsExport.write(parameters, to: folder)
///     }
///
/// It is called with the validated potential and `BUNDLE/panna` inside the staging folder
/// (created empty just before the call), so whatever it throws — a refusal of a potential
/// PANNA cannot express, say — ends the export with that one-line message and leaves no
/// bundle behind.
enum PannaHook {
    typealias Writer = (_ parameters: PotentialParameters, _ folder: String) throws -> Void

    /// The PANNA/LAMMPS exporter, or nil in a build without one.
    static let write: Writer? = nil

    /// The message of `--panna` in a build without the exporter.
    static let unavailable = "PANNA export not available in this build"

    /// The bundle's subfolder for PANNA's files.
    static let folderName = "panna"
}
