import JSON
import SystemSupport

/// Reads and writes `potential.json` (FORMATS.md section 3), the self-contained trained model.
///
/// - Lossless: every number is written in shortest round-trip decimal form and read with a
///   correctly rounded conversion, so `read(write(p)) == p` bit for bit.
/// - Strict where it matters: wrong `format` or `version`, units other than Å/eV, a malformed
///   shape, a `term` label that differs from the shape, array sizes that do not match the shape
///   and species count, a network missing or for an unknown species, an unknown activation,
///   non-finite numbers, non-positive centres or widths: each is refused with one line naming
///   the file, the field path and what was expected.
/// - Tolerant of additions: keys this reader does not know (at the top level or inside
///   objects) are ignored, so files with extra metadata (training details, provenance) load.
///   Optional keys: `units` (default Å, eV), `descriptor.species_weights` (default
///   "specific"), and each term's `term` label (checked when present).
/// - Atomic writes: the text goes to a temporary file in the same folder, then is renamed
///   over the destination, so a reader never sees half a file.
public enum PotentialFile {
    /// The `format` value.
    public static let formatName = "latte-potential"
    /// The only `version` written and read.
    public static let formatVersion = 1

    /// Reads the potential at `path`; errors name `path`. A committee file is refused: its
    /// readers take `readCommittee`.
    public static func read(contentsOf path: String) throws -> PotentialParameters {
        try decode(try contents(of: path), source: path)
    }

    /// Reads a potential from JSON text; `source` names it in error messages.
    public static func decode(_ text: String, source: String) throws -> PotentialParameters {
        try decode(Array(text.utf8), source: source)
    }

    /// Reads a potential from UTF-8 JSON bytes; `source` names it in error messages.
    public static func decode(_ bytes: [UInt8], source: String) throws -> PotentialParameters {
        try parameters(from: try field(of: bytes, source: source))
    }

    /// The JSON text of `parameters`, after `checkConsistency()`; errors name `source`.
    public static func encode(_ parameters: PotentialParameters, source: String = "potential.json") throws -> String {
        do { try parameters.checkConsistency() } catch let error as PotentialParametersError {
            throw PotentialFileError(file: source, field: error.field, problem: error.problem)
        }
        return JSONWriter.text(of: document(of: parameters))
    }

    /// Writes `parameters` to `path` atomically (temporary file in the same folder, then rename).
    public static func write(_ parameters: PotentialParameters, to path: String) throws {
        let text = try encode(parameters, source: path)
        try AtomicFile.write(text, to: path)
    }
}
