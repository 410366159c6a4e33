import Atomistic
import Foundation

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
/// It lives outside `Atomistic` because it parses with Foundation's `JSONSerialization`: the
/// modules inside liblatte import only FoundationEssentials (Sources/LatteC/README.md).
public enum PannaJSON {
    /// Reads the PANNA example file at `path`; errors name the file and the offending key.
    public static func read(path: String, minimumSeparation: Double = 0.1) throws(InputError)
        -> Structure
    {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(file: path, message: "cannot read: \(error.localizedDescription)")
        }
        return try read(data: data, source: path, minimumSeparation: minimumSeparation)
    }

    /// Reads a PANNA example held in memory; `source` names it in errors.
    public static func read(data: Data, source: String, minimumSeparation: Double = 0.1)
        throws(InputError) -> Structure
    {
        func fail(_ message: String) -> InputError { InputError(file: source, message: message) }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            else { throw fail("expected a JSON object at the top level") }
            object = parsed
        } catch let error as InputError {
            throw error
        } catch {
            throw fail("not valid JSON: \(error.localizedDescription)")
        }

        let lengthName = try object["unit_of_length"].map { value throws(InputError) in
            guard let name = value as? String else { throw fail("unit_of_length is not a string") }
            return name
        } ?? "angstrom"
        guard let length = Units.lengthFactor(named: lengthName) else {
            throw fail("unit_of_length: unknown unit '\(lengthName)' (expected angstrom or bohr)")
        }

        var energy: Double?
        var energyUnit = 1.0
        if let entry = object["energy"] {
            guard let pair = entry as? [Any], (1...2).contains(pair.count),
                  let value = number(pair[0]) ?? (pair[0] as? String).flatMap(Double.init)
            else { throw fail("energy: expected [value, unit], found \(entry)") }
            let unitName = pair.count == 2 ? pair[1] as? String : "eV"
            guard let unitName, let factor = Units.energyFactor(named: unitName) else {
                throw fail("energy: unknown unit '\(pair[1])' (expected eV, Ry, Ha or kcal/mol)")
            }
            guard value.isFinite else { throw fail("energy: \(value) is not finite") }
            energy = value * factor
            energyUnit = factor
        }

        var lattice: [SIMD3<Double>]?
        if let entry = object["lattice_vectors"] {
            guard let rows = entry as? [Any], rows.count == 3,
                  let vectors = Optional(rows.compactMap(vector)), vectors.count == 3
            else { throw fail("lattice_vectors: expected three vectors of three numbers") }
            if !vectors.allSatisfy({ $0 == .zero }) { lattice = vectors }
        }
        let cell = lattice.map { Cell(a: $0[0] * length, b: $0[1] * length, c: $0[2] * length) }
        if let cell, cell.isDegenerate {
            throw fail("lattice_vectors: the cell has zero volume")
        }

        let positionUnit = object["atomic_position_unit"] as? String
            ?? object["atomic_coordinates"] as? String ?? "cartesian"
        guard positionUnit == "cartesian" || positionUnit == "crystal" else {
            throw fail("atomic_position_unit: unknown unit '\(positionUnit)' "
                       + "(expected cartesian or crystal)")
        }
        if positionUnit == "crystal" && lattice == nil {
            throw fail("atomic_position_unit: crystal coordinates need lattice_vectors")
        }

        guard let atoms = object["atoms"] as? [Any], !atoms.isEmpty else {
            throw fail("atoms: expected a non-empty list of [id, symbol, [x, y, z], "
                       + "[fx, fy, fz]]")
        }
        var species: [String] = []
        var positions: [SIMD3<Double>] = []
        var forces: [SIMD3<Double>] = []
        for (index, entry) in atoms.enumerated() {
            guard let atom = entry as? [Any], atom.count == 3 || atom.count == 4,
                  let symbol = atom[1] as? String, let raw = vector(atom[2])
            else {
                throw fail("atoms[\(index)]: expected [id, symbol, [x, y, z], [fx, fy, fz]], "
                           + "found \(entry)")
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

        var info: [String: String] = [:]
        let known: Set = ["atoms", "lattice_vectors", "atomic_position_unit",
                          "atomic_coordinates", "unit_of_length", "energy"]
        for (key, value) in object where !known.contains(key) {
            if let text = value as? String { info[key] = text }
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

    /// A JSON number as Double. JSONSerialization gives NSNumber for numbers and booleans
    /// alike; booleans have the Objective-C type code `c`.
    private static func number(_ value: Any) -> Double? {
        guard let n = value as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
        let x = n.doubleValue
        return x.isFinite ? x : nil
    }

    private static func vector(_ value: Any) -> SIMD3<Double>? {
        guard let list = value as? [Any], list.count == 3 else { return nil }
        let xs = list.compactMap(number)
        return xs.count == 3 ? SIMD3(xs[0], xs[1], xs[2]) : nil
    }
}
