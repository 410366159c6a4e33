#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SystemSupport

extension ExtXYZ {
    /// Under which keys the writer puts the labels.
    public struct WriteOptions: Sendable {
        public var energyKey: String
        public var forcesKey: String
        public var stressKey: String
        public var virialKey: String

        public init(energyKey: String = "energy", forcesKey: String = "forces",
                    stressKey: String = "stress", virialKey: String = "virial") {
            self.energyKey = energyKey
            self.forcesKey = forcesKey
            self.stressKey = stressKey
            self.virialKey = virialKey
        }
    }

    /// An extra real per-atom column (`name:R:width`), e.g. reference forces beside predicted
    /// ones: `values` holds `width` numbers per atom, atom after atom.
    public struct Column: Sendable {
        public var name: String
        public var width: Int
        public var values: [Double]

        public init(name: String, width: Int, values: [Double]) {
            self.name = name
            self.width = width
            self.values = values
        }

        /// A column of one 3-vector per atom.
        public init(name: String, vectors: [SIMD3<Double>]) {
            self.init(name: name, width: 3, values: vectors.flatMap { [$0.x, $0.y, $0.z] })
        }
    }

    /// Writes `structures` to `path` atomically (`AtomicFile`): the file is either the old one
    /// or complete. `extraColumns[f]`, when given, are
    /// written after the standard columns of frame f. Throws when a frame cannot be written
    /// faithfully (see `encode`) or the file cannot be written.
    public static func write(
        _ structures: [Structure], to path: String, options: WriteOptions = WriteOptions(),
        extraColumns: [[Column]] = []
    ) throws(InputError) {
        let text = try encode(structures, options: options, extraColumns: extraColumns,
                              destination: path)
        do {
            try AtomicFile.write(text, to: path)
        } catch let error as FileWriteError {
            throw InputError(file: path, message: "cannot write: \(error.reason)")
        } catch {
            throw InputError(file: path, message: "cannot write: \(error)")
        }
    }

    /// The extxyz text of `structures`, as ASE writes and reads it: `Lattice` (when there is a
    /// cell), `Properties`, the labels under the option keys (stress and virial as 9 numbers in
    /// ASE's Fortran order), `info` entries sorted by key, `pbc`; every real number in its
    /// shortest form that reads back to the same Double. Throws when a number is not finite, an
    /// `info` key or column name collides with a written key, or extra columns do not fit.
    public static func encode(
        _ structures: [Structure], options: WriteOptions = WriteOptions(),
        extraColumns: [[Column]] = [], destination: String = "<output>"
    ) throws(InputError) -> String {
        guard extraColumns.isEmpty || extraColumns.count == structures.count else {
            throw InputError(file: destination, message: "\(extraColumns.count) sets of extra "
                             + "columns for \(structures.count) frames")
        }
        var out = ""
        out.reserveCapacity(structures.reduce(0) { $0 + 120 * $1.atomCount + 400 })
        for (index, structure) in structures.enumerated() {
            let columns = extraColumns.isEmpty ? [] : extraColumns[index]
            do throws(MessageError) {
                try writeFrame(structure, columns: columns, options: options, to: &out)
            } catch {
                throw InputError(file: destination, frame: index + 1, message: error.message)
            }
        }
        return out
    }

    private static func writeFrame(
        _ s: Structure, columns: [Column], options: WriteOptions, to out: inout String
    ) throws(MessageError) {
        var reserved = ["Lattice", "Properties", "pbc"]
        var pairs: [(String, String)] = []
        if let cell = s.cell {
            pairs.append(("Lattice", try numbers([cell.a, cell.b, cell.c].flatMap {
                [$0.x, $0.y, $0.z] })))
        }
        var properties = "species:S:1:pos:R:3"
        var perAtom: [[Double]] = [s.positions.flatMap { [$0.x, $0.y, $0.z] }]
        var columnNames = ["species", "pos"]
        if let forces = s.forces {
            properties += ":\(options.forcesKey):R:3"
            perAtom.append(forces.flatMap { [$0.x, $0.y, $0.z] })
            columnNames.append(options.forcesKey)
        }
        for column in columns {
            guard !columnNames.contains(column.name) else {
                throw MessageError("column '\(column.name)' is written twice")
            }
            guard column.width >= 1, column.values.count == column.width * s.atomCount else {
                throw MessageError("column '\(column.name)' has \(column.values.count) values "
                                   + "for \(s.atomCount) atoms of width \(column.width)")
            }
            properties += ":\(column.name):R:\(column.width)"
            perAtom.append(column.values)
            columnNames.append(column.name)
        }
        pairs.append(("Properties", properties))
        if let energy = s.energy {
            pairs.append((options.energyKey, try numbers([energy])))
            reserved.append(options.energyKey)
        }
        for (key, tensor) in [(options.stressKey, s.stress), (options.virialKey, s.virial)] {
            guard let t = tensor else { continue }
            pairs.append((key, try tensorNumbers(t)))
            reserved.append(key)
        }
        for key in s.info.keys.sorted() {
            guard !reserved.contains(key) else {
                throw MessageError("info key '\(key)' collides with the \(key) written by the frame")
            }
            pairs.append((key, s.info[key]!))
        }
        pairs.append(("pbc", s.pbc.map { $0 ? "T" : "F" }.joined(separator: " ")))

        out += "\(s.atomCount)\n"
        out += pairs.map { "\(quoted($0.0))=\(quoted($0.1))" }.joined(separator: " ")
        out += "\n"
        let widths = perAtom.map { $0.count / max(1, s.atomCount) }
        for atom in 0..<s.atomCount {
            guard Element(symbol: s.species[atom]) != nil else {
                throw MessageError("atom \(atom + 1): unknown element '\(s.species[atom])'")
            }
            out += s.species[atom]
            for (values, width) in zip(perAtom, widths) {
                for k in 0..<width {
                    let x = values[atom * width + k]
                    guard x.isFinite else { throw MessageError("atom \(atom + 1): \(x) in a column") }
                    out += " "
                    out += x.description
                }
            }
            out += "\n"
        }
    }

    /// Finite numbers joined by spaces, each in Swift's shortest round-trip form.
    /// A 3 × 3 tensor (row-major, as `Structure.stress`) as the 9 numbers of a comment-line
    /// value in the file's order, the one `ExtXYZ.read` takes for `stress` and `virial`.
    public static func tensorText(_ t: [Double]) throws -> String { try tensorNumbers(t) }

    private static func tensorNumbers(_ t: [Double]) throws(MessageError) -> String {
        try numbers([t[0], t[3], t[6], t[1], t[4], t[7], t[2], t[5], t[8]])
    }

    private static func numbers(_ values: [Double]) throws(MessageError) -> String {
        for x in values where !x.isFinite { throw MessageError("\(x) cannot be written") }
        return values.map(\.description).joined(separator: " ")
    }

    /// The text as a key or value that ASE and `ExtXYZ.read` parse back to itself: bare when it
    /// has no whitespace, quote, bracket, brace, `=` or backslash; otherwise in double quotes
    /// with `"` and `\` escaped.
    static func quoted(_ text: String) -> String {
        let special: Set<Character> = ["\"", "'", "[", "]", "{", "}", "=", "\\"]
        let plain = !text.isEmpty && !text.contains { $0.isWhitespace || special.contains($0) }
        if plain { return text }
        var escaped = "\""
        for character in text {
            if character == "\"" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "\""
    }
}
