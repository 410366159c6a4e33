/// Unit conversion factors into the units used everywhere in Latte: Å, eV, eV/Å, eV/Å³.
///
/// The values are exactly those of `ase.units` in ASE 3.29 (CODATA 2014), so that a number
/// converted here equals, bit for bit, the same number converted by ASE. Multiply a value in the
/// named unit by the factor to get Å or eV.
public enum Units {
    /// 1 bohr in Å (`ase.units.Bohr`).
    public static let bohr = 0.5291772105638411
    /// 1 Ry in eV (`ase.units.Rydberg`).
    public static let rydberg = 13.605693012183622
    /// 1 Ha in eV (`ase.units.Hartree`).
    public static let hartree = 27.211386024367243
    /// 1 kcal/mol in eV (`ase.units.kcal / ase.units.mol`).
    public static let kcalPerMol = 0.04336410390059322
    /// 1 GPa in eV/Å³ (`ase.units.GPa`).
    public static let gigapascal = 0.006241509125883258
    /// 1 bar in eV/Å³ (`ase.units.bar`).
    public static let bar = 6.241509125883258e-07

    /// The factor that converts a length in the named unit to Å, or nil when the name is not
    /// one this module interprets. Accepted (case-insensitive): `angstrom`, `ang`, `bohr`.
    public static func lengthFactor(named name: String) -> Double? {
        switch name.lowercased() {
        case "angstrom", "ang": return 1
        case "bohr": return bohr
        default: return nil
        }
    }

    /// The factor that converts an energy in the named unit to eV, or nil when the name is not
    /// one this module interprets. Accepted (case-insensitive): `eV`, `Ry`/`Ryd`/`Rydberg`,
    /// `Ha`/`Hartree`, `kcal/mol`.
    public static func energyFactor(named name: String) -> Double? {
        switch name.lowercased() {
        case "ev": return 1
        case "ry", "ryd", "rydberg": return rydberg
        case "ha", "hartree": return hartree
        case "kcal/mol": return kcalPerMol
        default: return nil
        }
    }

    /// The factor that converts a pressure in the named unit to eV/Å³, or nil when the name is
    /// not one this module interprets. Accepted (case-insensitive): `eV/A^3`, `eV/Ang^3`,
    /// `GPa`, `bar`, `kbar`.
    public static func pressureFactor(named name: String) -> Double? {
        switch name.lowercased() {
        case "ev/a^3", "ev/ang^3", "ev/angstrom^3": return 1
        case "gpa": return gigapascal
        case "bar": return bar
        case "kbar": return 1000 * bar
        default: return nil
        }
    }
}
