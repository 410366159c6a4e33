#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SystemSupport

/// Extended XYZ, the interchange format of the field, as ASE reads and writes it.
///
/// Reading follows FORMATS.md section 1 and ASE 3.29's `ase.io.extxyz`; the differences are
/// deliberate strictness: anything ASE would silently drop or mangle is an `InputError` that
/// names the file, the line and the frame (blank lines between frames, unterminated quotes,
/// repeated keys, extra or missing columns, NaN or infinite numbers, unknown elements,
/// degenerate cells, atoms closer than `minimumSeparation`).
///
/// Conventions (as ASE):
/// - `Lattice="ax ay az bx by bz cx cy cz"`: the three lattice vectors, as rows of `Cell`.
/// - `pbc` is `"T T T"`, `[T, T, T]`, or one value for all axes; it defaults to periodic when
///   there is a `Lattice` and non-periodic otherwise. An all-zero `Lattice` with no periodic
///   axis means "no cell".
/// - 9-number `stress`/`virial` are read in Fortran (column-major) order, as ASE reads them;
///   6 numbers are Voigt order (xx yy zz yz xz xy) and are expanded to the full symmetric 9.
/// - Element symbols are matched after ASE's case normalisation (`SI` and `si` mean Si).
/// - Frames are numbered from 1 in messages.
public enum ExtXYZ {
    /// Which keys hold the labels, and whether every frame must carry energy and forces.
    public struct ReadOptions: Sendable {
        /// Comment-line key of the total energy (eV).
        public var energyKey: String
        /// Per-atom column of the forces (eV/Å). With the default `forces`, a file whose column
        /// is named `force` (as the silicon and Ti–Al sets have it) is read from `force`.
        public var forcesKey: String
        /// Comment-line key of the stress (eV/Å³), 9 or 6 numbers.
        public var stressKey: String
        /// Comment-line key of the virial (eV), 9 or 6 numbers.
        public var virialKey: String
        /// When true (training), every frame must carry an energy and forces, or reading fails
        /// at the first frame without them. When false (prediction), a frame without them is
        /// read with `energy`/`forces` nil. Either way, a key other than the conventional name
        /// (`energy`, `forces`/`force`, `stress`, `virial`) that no frame carries is an error:
        /// it is a misspelt or wrong key, not an unlabelled file.
        public var requireLabels: Bool
        /// Two atoms (or an atom and an image) closer than this, in Å, make the frame invalid.
        public var minimumSeparation: Double

        public init(
            energyKey: String = "energy", forcesKey: String = "forces",
            stressKey: String = "stress", virialKey: String = "virial",
            requireLabels: Bool = false, minimumSeparation: Double = 0.1
        ) {
            self.energyKey = energyKey
            self.forcesKey = forcesKey
            self.stressKey = stressKey
            self.virialKey = virialKey
            self.requireLabels = requireLabels
            self.minimumSeparation = minimumSeparation
        }
    }

    /// Reads every frame of the extxyz file at `path`.
    public static func read(path: String, options: ReadOptions = ReadOptions()) throws(InputError)
        -> [Structure]
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw InputError(file: path, message: "cannot read: \(ErrorText.of(error))")
        }
        return try read(data: data, source: path, options: options)
    }

    /// Reads every frame of extxyz text held in memory; `source` names it in errors.
    public static func read(
        data: Data, source: String, options: ReadOptions = ReadOptions()
    ) throws(InputError) -> [Structure] {
        let result: Result<[Structure], InputError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var reader = ExtXYZReader(source: source, text: bytes, options: options)
            return Result { () throws(InputError) in try reader.readAll() }
        }
        return try result.get()
    }

    /// Reads every frame of extxyz text given as a string; `source` names it in errors.
    public static func read(
        text: String, source: String, options: ReadOptions = ReadOptions()
    ) throws(InputError) -> [Structure] {
        try read(data: Data(text.utf8), source: source, options: options)
    }
}
