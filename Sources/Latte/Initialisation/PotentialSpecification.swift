/// What a fresh potential is made from (the `model` part of a training config): everything
/// except the numbers, which `PotentialParameters.initial(for:seed:)` draws.
public struct PotentialSpecification: Equatable, Sendable {
    /// Species symbols; their order becomes the species index.
    public var species: [String]
    /// R_c in Å.
    public var cutoff: Double
    public var shape: DescriptorShape
    /// Hidden layer sizes from the descriptor side, e.g. [64, 64]; empty for a linear model.
    public var hiddenLayers: [Int]
    public var activation: Activation
    public var speciesWeightMode: SpeciesWeightMode
    public var widths: WidthPolicy

    public init(species: [String], cutoff: Double, shape: DescriptorShape, hiddenLayers: [Int],
                activation: Activation = .gaussian, speciesWeightMode: SpeciesWeightMode = .specific,
                widths: WidthPolicy) {
        self.species = species
        self.cutoff = cutoff
        self.shape = shape
        self.hiddenLayers = hiddenLayers
        self.activation = activation
        self.speciesWeightMode = speciesWeightMode
        self.widths = widths
    }

    /// Checks what initialisation and the projection need: at least one species, no repeats,
    /// a positive cutoff, positive hidden sizes, 0 < w_min ≤ w_max and 2·w_max ≤ R_c (so that a
    /// channel of the widest width still fits inside the cutoff after projection).
    public func check() throws {
        func fail(_ field: String, _ problem: String) -> PotentialSpecificationError {
            PotentialSpecificationError(field: field, problem: problem)
        }
        guard !species.isEmpty else { throw fail("species", "expected at least one species") }
        for (s, symbol) in species.enumerated() where symbol.isEmpty || species.firstIndex(of: symbol) != s {
            throw fail("species", symbol.isEmpty ? "species \(s) is an empty string" : "'\(symbol)' is listed twice")
        }
        guard cutoff.isFinite && cutoff > 0 else { throw fail("cutoff", "expected a positive number of Å, found \(cutoff)") }
        if let bad = hiddenLayers.first(where: { $0 <= 0 }) {
            throw fail("hidden", "expected positive layer sizes, found \(bad)")
        }
        let minimum = widths.minimum, maximum = widths.maximum
        guard minimum.isFinite && maximum.isFinite && minimum > 0 && minimum <= maximum else {
            throw fail("widths", "expected 0 < w_min ≤ w_max, found [\(minimum), \(maximum)]")
        }
        guard 2 * maximum <= cutoff else {
            throw fail("widths", "the largest width \(maximum) Å does not fit the cutoff \(cutoff) Å: need 2·w_max ≤ R_c")
        }
    }
}

/// A `PotentialSpecification` that cannot be initialised; one line naming the field.
public struct PotentialSpecificationError: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let problem: String
    public var description: String { "\(field): \(problem)" }
}
