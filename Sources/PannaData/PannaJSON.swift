import Atomistic
import Foundation
import JSON

/// PANNA's per-structure JSON ("example" files), read into a `Structure` in Å and eV.
///
///     {"atoms": [[1, "H", [x, y, z], [fx, fy, fz]], ...],
///      "lattice_vectors": [[ax, ay, az], [bx, by, bz], [cx, cy, cz]],
///      "atomic_position_unit": "cartesian" | "crystal",
///      "unit_of_length": "angstrom" | "bohr",
///      "energy": [value, "eV" | "Ry" | "Ha" | "kcal/mol"], ...}
///
/// As PANNA reads it: lengths (positions, lattice) are in `unit_of_length` (angstrom when the
/// key is absent); `crystal` positions are fractions of the lattice vectors (x = s·H); forces
/// are in energy unit per length unit; an energy without unit is in eV; a string energy
/// holding a number is accepted (PANNA's own writers produced some). Absent or all-zero
/// `lattice_vectors` mean a molecule (no cell, not periodic); otherwise the structure is periodic
/// along all three axes. Forces are optional but, when present, given for every atom. Other
/// top-level string or number entries (`key`, `name`, `source`, ...) are kept in `info`.
/// Conversion factors are ASE's (`Units`), not PANNA's float32 ones.
///
/// It parses with the project's `JSONParser`, whose numbers read back exactly (Foundation's
/// `JSONSerialization` rounds some long mantissas wrongly on Linux, so a PANNA file would not
/// train to the numbers of the same frames in extxyz).
public enum PannaJSON {
    /// Reads the PANNA example file at `path`; errors name the file and the offending key.
    public static func read(path: String, minimumSeparation: Double = 0.1) throws(InputError)
        -> Structure
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, message: "cannot read: no such file, or unreadable")
        }
        return try read(data: data, source: path, minimumSeparation: minimumSeparation)
    }

    /// Reads a PANNA example held in memory; `source` names it in errors.
    public static func read(data: Data, source: String, minimumSeparation: Double = 0.1)
        throws(InputError) -> Structure
    {
        func fail(_ message: String) -> InputError { InputError(file: source, message: message) }
        let members: [(key: String, value: JSONValue)]
        do {
            guard case .object(let parsed) = try JSONParser.parse(Array(data)) else {
                throw fail("expected a JSON object at the top level")
            }
            members = parsed
        } catch let error as InputError {
            throw error
        } catch let error as JSONSyntaxError {
            throw InputError(file: source, line: error.line, message: "not valid JSON: column \(error.column): \(error.problem)")
        } catch {
            throw fail("not valid JSON: \(error)")
        }
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value }

        let lengthName = try member("unit_of_length").map { value throws(InputError) in
            guard case .string(let name) = value else { throw fail("unit_of_length is not a string") }
            return name
        } ?? "angstrom"
        guard let length = Units.lengthFactor(named: lengthName) else {
            throw fail("unit_of_length: unknown unit '\(lengthName)' (expected angstrom or bohr)")
        }

        var energy: Double?
        var energyUnit = 1.0
        if let entry = member("energy") {
            guard case .array(let pair) = entry, (1...2).contains(pair.count),
                  let value = number(pair[0]) ?? string(pair[0]).flatMap(Double.init)
            else { throw fail("energy: expected [value, unit], found \(text(entry))") }
            let unitName = pair.count == 2 ? string(pair[1]) : "eV"
            guard let unitName, let factor = Units.energyFactor(named: unitName) else {
                throw fail("energy: unknown unit '\(string(pair[1]) ?? text(pair[1]))' (expected eV, Ry, Ha or kcal/mol)")
            }
            guard value.isFinite else { throw fail("energy: \(value) is not finite") }
            energy = value * factor
            energyUnit = factor
        }

        var lattice: [SIMD3<Double>]?
        if let entry = member("lattice_vectors") {
            guard case .array(let rows) = entry, rows.count == 3,
                  let vectors = Optional(rows.compactMap(vector)), vectors.count == 3
            else { throw fail("lattice_vectors: expected three vectors of three numbers") }
            if !vectors.allSatisfy({ $0 == .zero }) { lattice = vectors }
        }
        let cell = lattice.map { Cell(a: $0[0] * length, b: $0[1] * length, c: $0[2] * length) }
        if let cell, cell.isDegenerate {
            throw fail("lattice_vectors: the cell has zero volume")
        }

        let positionUnit = member("atomic_position_unit").flatMap(string)
            ?? member("atomic_coordinates").flatMap(string) ?? "cartesian"
        guard positionUnit == "cartesian" || positionUnit == "crystal" else {
            throw fail("atomic_position_unit: unknown unit '\(positionUnit)' "
                       + "(expected cartesian or crystal)")
        }
        if positionUnit == "crystal" && lattice == nil {
            throw fail("atomic_position_unit: crystal coordinates need lattice_vectors")
        }

        guard case .array(let atoms)? = member("atoms"), !atoms.isEmpty else {
            throw fail("atoms: expected a non-empty list of [id, symbol, [x, y, z], "
                       + "[fx, fy, fz]]")
        }
        var species: [String] = []
        var positions: [SIMD3<Double>] = []
        var forces: [SIMD3<Double>] = []
        for (index, entry) in atoms.enumerated() {
            guard case .array(let atom) = entry, atom.count == 3 || atom.count == 4,
                  let symbol = string(atom[1]), let raw = vector(atom[2])
            else {
                throw fail("atoms[\(index)]: expected [id, symbol, [x, y, z], [fx, fy, fz]], "
                           + "found \(text(entry))")
            }
            guard let element = Element(symbol: symbol) else {
                throw fail("atoms[\(index)]: unknown element '\(symbol)'")
            }
            species.append(element.symbol)
            if let lattice, positionUnit == "crystal" {
                let x = raw.x * lattice[0] + raw.y * lattice[1] + raw.z * lattice[2]
                positions.append(x * length)
            } else {
                positions.append(raw * length)
            }
            if atom.count == 4 {
                guard let force = vector(atom[3]) else {
                    throw fail("atoms[\(index)]: forces are not three finite numbers")
                }
                forces.append(force * (energyUnit / length))
            }
        }
        guard forces.isEmpty || forces.count == atoms.count else {
            throw fail("atoms: \(forces.count) of \(atoms.count) atoms have forces")
        }
        guard positions.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }),
              forces.allSatisfy({ $0.x.isFinite && $0.y.isFinite && $0.z.isFinite }) else {
            throw fail("atoms: a position or force is not finite once converted to Å and eV")
        }

        var info: [String: String] = [:]
        let known: Set = ["atoms", "lattice_vectors", "atomic_position_unit",
                          "atomic_coordinates", "unit_of_length", "energy"]
        for (key, value) in members where !known.contains(key) {
            if let text = string(value) { info[key] = text }
            else if let x = number(value) { info[key] = "\(x)" }
        }
        let structure = Structure(
            species: species, positions: positions, cell: cell, energy: energy,
            forces: forces.isEmpty ? nil : forces, info: info)
        if let contact = structure.closeContact(within: minimumSeparation) {
            throw fail("atoms: " + contact.message(minimum: minimumSeparation))
        }
        return structure
    }

    /// A JSON number (never a boolean), finite.
    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let x): return x.isFinite ? x : nil
        case .integer(let n): return Double(n)
        default: return nil
        }
    }

    private static func string(_ value: JSONValue) -> String? {
        guard case .string(let text) = value else { return nil }
        return text
    }

    private static func vector(_ value: JSONValue) -> SIMD3<Double>? {
        guard case .array(let list) = value, list.count == 3 else { return nil }
        let xs = list.compactMap(number)
        return xs.count == 3 ? SIMD3(xs[0], xs[1], xs[2]) : nil
    }

    /// `value` in compact JSON for messages: `[1, "H", [0, 0]]` (whole numbers without a point).
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let x): return x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
        case .integer(let n): return String(n)
        case .string(let s): return "\"\(s)\""
        case .array(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { "\"\($0.key)\": \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
