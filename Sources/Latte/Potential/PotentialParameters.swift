import Linalg

/// Everything that defines a LATTE potential: the contents of `potential.json`
/// (FORMATS.md section 3) in memory.
///
/// `species` fixes the species index used by every array: `terms[t]` rows and `networks[s]`.
/// A value built by hand can be checked with `checkConsistency()`; `PotentialFile` checks on
/// reading and before writing.
public struct PotentialParameters: Equatable, Sendable {
    /// Species symbols; position = species index.
    public var species: [String]
    /// R_c (Å): neighbours are the atoms with r_ij < R_c.
    public var cutoff: Double
    /// The descriptor shape; `terms[t]` holds the parameters of `shape.terms[t]`.
    public var shape: DescriptorShape
    /// How species weights, centres and widths depend on species.
    public var speciesWeightMode: SpeciesWeightMode
    /// Radial parameters, one per shape term.
    public var terms: [TermParameters]
    /// The hidden-layer activation shared by all networks.
    public var activation: Activation
    /// One network per species, in `species` order.
    public var networks: [SpeciesNetwork]

    public init(species: [String], cutoff: Double, shape: DescriptorShape,
                speciesWeightMode: SpeciesWeightMode, terms: [TermParameters],
                activation: Activation, networks: [SpeciesNetwork]) {
        self.species = species
        self.cutoff = cutoff
        self.shape = shape
        self.speciesWeightMode = speciesWeightMode
        self.terms = terms
        self.activation = activation
        self.networks = networks
    }

    /// The species index of `symbol`, or nil when the potential does not know it.
    public func speciesIndex(of symbol: String) -> Int? { species.firstIndex(of: symbol) }

    /// D, the descriptor length (the networks' input size).
    public var descriptorLength: Int { shape.descriptorLength }

    /// Checks every count, shape and value rule of FORMATS.md section 3: species present and
    /// distinct, cutoff finite and positive, one `TermParameters` per term with matrices of the
    /// sizes the mode requires, all numbers finite, centres and widths positive, one network
    /// per species whose layers chain from D inputs to 1 output. Throws a
    /// `PotentialParametersError` whose field path matches the `potential.json` key it concerns.
    public func checkConsistency() throws {
        try checkSpeciesAndCutoff()
        guard terms.count == shape.terms.count else {
            throw PotentialParametersError(field: "descriptor.terms",
                problem: "expected \(shape.terms.count) terms (one per term of '\(shape)'), found \(terms.count)")
        }
        for (t, term) in terms.enumerated() {
            try checkTerm(term, index: t)
        }
        guard networks.count == species.count else {
            throw PotentialParametersError(field: "networks.species",
                problem: "expected \(species.count) networks (one per species), found \(networks.count)")
        }
        for (s, network) in networks.enumerated() {
            try checkNetwork(network, field: "networks.species.\(species[s])")
        }
    }

    private func checkSpeciesAndCutoff() throws {
        guard !species.isEmpty else {
            throw PotentialParametersError(field: "species", problem: "expected at least one species")
        }
        for (s, symbol) in species.enumerated() {
            guard !symbol.isEmpty else {
                throw PotentialParametersError(field: "species[\(s)]", problem: "expected a species symbol, found an empty string")
            }
            guard species.firstIndex(of: symbol) == s else {
                throw PotentialParametersError(field: "species[\(s)]", problem: "'\(symbol)' is listed twice")
            }
        }
        guard cutoff.isFinite && cutoff > 0 else {
            throw PotentialParametersError(field: "cutoff", problem: "expected a positive number of Å, found \(cutoff)")
        }
    }

    private func checkTerm(_ term: TermParameters, index t: Int) throws {
        let field = "descriptor.terms[\(t)]"
        let speciesCount = species.count
        let channels = shape.terms[t].channelCount
        let weightRows = speciesWeightMode.weightRowCount(speciesCount: speciesCount)
        let radialRows = speciesWeightMode.radialRowCount(speciesCount: speciesCount)
        try checkShape(term.speciesWeights, rows: weightRows, cols: channels, field: "\(field).weights")
        try checkShape(term.centers, rows: radialRows, cols: channels, field: "\(field).centers")
        try checkShape(term.widths, rows: radialRows, cols: channels, field: "\(field).widths")
        let weightIndexPath: (Int) -> String = { row in
            self.speciesWeightMode == .specific ? "[\(row / speciesCount)][\(row % speciesCount)]" : "[\(row)]"
        }
        try checkValues(term.speciesWeights, field: "\(field).weights", rowPath: weightIndexPath, rule: "a finite number") { $0.isFinite }
        try checkValues(term.centers, field: "\(field).centers", rule: "a positive centre (Å)") { $0.isFinite && $0 > 0 }
        try checkValues(term.widths, field: "\(field).widths", rule: "a positive width (Å)") { $0.isFinite && $0 > 0 }
    }

    private func checkNetwork(_ network: SpeciesNetwork, field: String) throws {
        guard network.offset.isFinite else {
            throw PotentialParametersError(field: "\(field).offset", problem: "expected a finite number, found \(network.offset)")
        }
        guard !network.layers.isEmpty else {
            throw PotentialParametersError(field: "\(field).layers", problem: "expected at least one layer")
        }
        var inputs = descriptorLength
        for (l, layer) in network.layers.enumerated() {
            let isLast = l == network.layers.count - 1
            let layerField = "\(field).layers[\(l)]"
            guard isLast || layer.weight.rows > 0 else {
                throw PotentialParametersError(field: "\(layerField).weight", problem: "expected at least one row (output neuron), found none")
            }
            try checkShape(layer.weight, rows: isLast ? 1 : layer.weight.rows, cols: inputs, field: "\(layerField).weight")
            try checkShape(layer.bias, rows: 1, cols: layer.weight.rows, field: "\(layerField).bias")
            try checkValues(layer.weight, field: "\(layerField).weight", rule: "a finite number") { $0.isFinite }
            try checkValues(layer.bias, field: "\(layerField).bias", rowPath: { _ in "" }, rule: "a finite number") { $0.isFinite }
            inputs = layer.weight.rows
        }
    }

    private func checkShape(_ matrix: Matrix, rows: Int, cols: Int, field: String) throws {
        guard matrix.rows == rows && matrix.cols == cols else {
            throw PotentialParametersError(field: field,
                problem: "expected \(rows) × \(cols) numbers, found \(matrix.rows) × \(matrix.cols)")
        }
    }

    private func checkValues(_ matrix: Matrix, field: String, rowPath: ((Int) -> String)? = nil,
                             rule: String, isValid: (Double) -> Bool) throws {
        for (index, value) in matrix.storage.enumerated() where !isValid(value) {
            let row = index / matrix.cols, col = index % matrix.cols
            let path = (rowPath ?? { "[\($0)]" })(row)
            throw PotentialParametersError(field: "\(field)\(path)[\(col)]", problem: "expected \(rule), found \(value)")
        }
    }
}

/// A rule of `PotentialParameters.checkConsistency()` that does not hold. `field` is a
/// `potential.json` key path such as `networks.species.H.layers[1].weight`.
public struct PotentialParametersError: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let problem: String
    public var description: String { "\(field): \(problem)" }
}
