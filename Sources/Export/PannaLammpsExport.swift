import Foundation
import JSON
import Latte
import SystemSupport

/// Writes a potential as the files PANNA's LAMMPS plugin `pair_style latte` (class PairLatte)
/// reads: `panna.in` (key=value parameters) and `model.bin` (float32 numbers). Layout, field by
/// field, and LAMMPS usage: docs/PANNA-EXPORT.md.
///
/// Contract:
/// - Only potentials the plugin computes exactly are exported: "specific" species weights,
///   gaussian hidden activations, one architecture for all species, every channel inside the
///   cutoff, numbers that fit float32. Anything else throws a `PannaLammpsExportError` naming
///   the reason (`check(_:)`), before any file is touched.
/// - Every number is rounded once to the nearest float32; the species offsets are added to the
///   last-layer biases before that rounding (the plugin has no offsets; PANNA's own exporter
///   folds them the same way). Nothing else changes: the plugin evaluates the same function.
/// - `PannaLammpsImport` reads the files back into the parameters the plugin evaluates.
public enum PannaLammpsExport {
    /// The parameter file's name; the plugin opens `FOLDER/panna.in` (fixed in its source).
    public static let parameterFileName = "panna.in"
    /// The binary file's name, given to the plugin by `model_file` (PANNA's exporter's name).
    public static let modelFileName = "model.bin"

    /// The files for `parameters`, in writing order (`model.bin`, then `panna.in`), or the
    /// reason the potential cannot be exported.
    public static func files(for parameters: PotentialParameters) throws -> [(name: String, bytes: [UInt8])] {
        try check(parameters)
        let model = PannaModelLayout.bytes(of: PannaModelLayout.values(of: parameters))
        return [(modelFileName, model), (parameterFileName, Array(parameterFile(for: parameters).text.utf8))]
    }

    /// Writes the files for `parameters` into `folder` (created if missing; other files in it are
    /// left alone). Each file is written atomically (a temporary file renamed over the old one),
    /// `model.bin` first and `panna.in`, the file LAMMPS is pointed at, last. Refusals are thrown
    /// before anything is written.
    public static func write(_ parameters: PotentialParameters, to folder: String) throws {
        let files = try files(for: parameters)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw PannaLammpsExportError.cannotWrite(path: folder, problem: error.localizedDescription)
        }
        for file in files {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(file.name).path
            do { try AtomicFile.write(Data(file.bytes), to: path) } catch let error as FileWriteError {
                throw PannaLammpsExportError.cannotWrite(path: path, problem: "cannot write: \(error.reason)")
            }
        }
    }

    /// The `panna.in` entries, in the order PANNA's exporter writes them, after two comment lines.
    static func parameterFile(for parameters: PotentialParameters) -> PannaParameterFile {
        let sizes = parameters.networks[0].layerSizes
        let offsets = zip(parameters.species, parameters.networks).map { "\($0) \($1.offset)" }
        var file = PannaParameterFile()
        file.comments = [
            "PANNA pair_style latte parameters written by Latte (layout: docs/PANNA-EXPORT.md)",
            "species offsets (eV), included in the last-layer biases of \(modelFileName): " + offsets.joined(separator: ", "),
        ]
        file.entries = [
            ("species", ([String(parameters.species.count)] + parameters.species).joined(separator: ",")),
            ("model", "MLP"),
            ("architecture", ([sizes.count] + sizes).map(String.init).joined(separator: ",")),
            ("activation", "0"),
            ("model_file", modelFileName),
            ("cont_sp", "0"),
            ("descriptor", "LATTE"),
            ("cutoff", "\(parameters.cutoff)"),
            ("descriptor_shape", PannaDescriptorShape.encode(parameters.shape)),
            ("format", "0"),
        ]
        return file
    }
}
