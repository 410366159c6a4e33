import Latte

/// Why a potential cannot be exported for PANNA's `pair_style latte`, or why the files could not
/// be written. `description` is one line for people, naming the reason.
public enum PannaLammpsExportError: Error, CustomStringConvertible, Equatable {
    /// The parameters break a rule of `PotentialParameters.checkConsistency()` (the message).
    case inconsistentParameters(String)
    /// "common" species weights: the plugin reads σ per (centre, neighbour) species and centres
    /// and widths per centre species only.
    case commonSpeciesWeights
    /// A hidden-layer activation other than gaussian: the plugin computes only exp(−x²).
    case activation(Activation)
    /// Species networks of different layer sizes: the plugin has one architecture for all.
    case differentArchitectures(species: String, sizes: [Int], otherSpecies: String, otherSizes: [Int])
    /// A radial channel whose support [c − w, c + w] reaches past the cutoff: the plugin does not
    /// cut pairs at R_c (it uses LAMMPS' list, R_c + skin), so it would count neighbours Latte
    /// does not. `field` is the potential.json path of the centre.
    case supportBeyondCutoff(field: String, reach: Double, cutoff: Double)
    /// A species symbol that `panna.in` cannot carry (letters, digits and `_` only).
    case unsuitableSpeciesSymbol(String)
    /// A number that float32 cannot hold (too large), or a centre or width that rounds to 0.
    case notFloat32(field: String, value: Double)
    /// The folder or a file could not be written.
    case cannotWrite(path: String, problem: String)

    public var description: String {
        let prefix = "cannot export for PANNA's pair_style latte: "
        switch self {
        case .inconsistentParameters(let problem):
            return prefix + "the potential is inconsistent: \(problem)"
        case .commonSpeciesWeights:
            return prefix + "the potential has common species weights, and pair_style latte reads only specific ones "
                + "(a weight per centre and neighbour species, centres and widths per centre species)"
        case .activation(let activation):
            return prefix + "the hidden layers use the \(activation.rawValue) activation, "
                + "and pair_style latte computes only gaussian (exp(-x^2))"
        case .differentArchitectures(let species, let sizes, let other, let otherSizes):
            return prefix + "pair_style latte uses one network architecture for every species, and \(species) has layer sizes "
                + "\(sizes.map(String.init).joined(separator: "-")) but \(other) has \(otherSizes.map(String.init).joined(separator: "-"))"
        case .supportBeyondCutoff(let field, let reach, let cutoff):
            return prefix + "the channel of \(field) reaches c + w = \(reach) Å, beyond the cutoff \(cutoff) Å; "
                + "pair_style latte does not cut pairs at the cutoff, so it would count neighbours Latte ignores"
        case .unsuitableSpeciesSymbol(let symbol):
            return prefix + "the species symbol '\(symbol)' cannot be written in panna.in (letters, digits and _ only)"
        case .notFloat32(let field, let value):
            let fault = value.magnitude > Double(Float.greatestFiniteMagnitude) ? "is too large for" : "rounds to zero in"
            return prefix + "\(field) = \(value) \(fault) float32, the plugin's number type"
        case .cannotWrite(let path, let problem):
            return "cannot write the PANNA files to \(path): \(problem)"
        }
    }
}
