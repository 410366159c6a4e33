import JSON
import Linalg

/// Reading `potential.json` (FORMATS.md section 3) from a parsed document. Every failure names
/// the field path; the final semantic checks are `PotentialParameters.checkConsistency()`.
extension PotentialFile {
    public static func parameters(from root: JSONField) throws -> PotentialParameters {
        if let committee = try root.optionalMember("committee") {
            let count = (try? committee.array().count).map { "\($0) potentials" } ?? "potentials"
            throw committee.fail("this file is a committee of \(count) (docs/COMMITTEE.md); this reader takes a single potential")
        }
        try checkFormatAndVersion(root)
        try checkUnits(try root.optionalMember("units"))
        let species = try decodeSpecies(try root.member("species"))
        let cutoffField = try root.member("cutoff")
        let cutoff = try cutoffField.number()
        guard cutoff > 0 else { throw cutoffField.fail("expected a positive number of Å, found \(cutoff)") }

        let descriptor = try root.member("descriptor")
        let shapeField = try descriptor.member("shape")
        let shape: DescriptorShape
        do { shape = try DescriptorShape(try shapeField.string()) } catch let error as DescriptorShapeError {
            throw shapeField.fail(error.description)
        }
        var mode = SpeciesWeightMode.specific
        if let modeField = try descriptor.optionalMember("species_weights") {
            let name = try modeField.string()
            guard let parsed = SpeciesWeightMode(rawValue: name) else {
                throw modeField.fail("expected \"specific\" or \"common\", found \"\(name)\"")
            }
            mode = parsed
        }
        let termsField = try descriptor.member("terms")
        let termFields = try termsField.array()
        guard termFields.count == shape.terms.count else {
            throw termsField.fail("expected \(JSONField.plural(shape.terms.count, "term")) (one per term of the shape '\(shape)'), found \(termFields.count)")
        }
        let terms = try zip(shape.terms, termFields).map { term, field in
            try decodeTerm(field, term: term, speciesCount: species.count, mode: mode)
        }

        let networksField = try root.member("networks")
        let activationField = try networksField.member("activation")
        let activationName = try activationField.string()
        guard let activation = Activation(rawValue: activationName) else {
            let known = Activation.allCases.map(\.rawValue).joined(separator: ", ")
            throw activationField.fail("expected one of \(known), found \"\(activationName)\"")
        }
        let networks = try decodeNetworks(try networksField.member("species"), species: species,
                                          descriptorLength: shape.descriptorLength)

        let parameters = PotentialParameters(species: species, cutoff: cutoff, shape: shape, speciesWeightMode: mode,
                                             terms: terms, activation: activation, networks: networks)
        do { try parameters.checkConsistency() } catch let error as PotentialParametersError {
            throw PotentialFileError(file: root.file, field: error.field, problem: error.problem)
        }
        return parameters
    }

    /// `format` and `version` of a potential or committee file.
    static func checkFormatAndVersion(_ root: JSONField) throws {
        _ = try root.object()
        let format = try root.member("format")
        guard try format.string() == formatName else {
            throw format.fail("expected \"\(formatName)\", found \"\(try format.string())\"")
        }
        let version = try root.member("version")
        guard try version.number() == Double(formatVersion) else {
            throw version.fail("expected \(formatVersion) (the only version this program reads), found \(try version.number())")
        }
    }

    /// `units` is optional; when present it must say Å and eV (this reader converts nothing).
    private static func checkUnits(_ units: JSONField?) throws {
        guard let units = units else { return }
        for (key, accepted) in [("length", ["angstrom", "å", "ang"]), ("energy", ["ev"])] {
            guard let field = try units.optionalMember(key) else { continue }
            let unit = try field.string()
            guard accepted.contains(unit.lowercased()) else {
                throw field.fail("expected \"\(key == "length" ? "angstrom" : "eV")\", found \"\(unit)\" (potentials are stored in Å and eV)")
            }
        }
    }

    private static func decodeSpecies(_ field: JSONField) throws -> [String] {
        let items = try field.array()
        guard !items.isEmpty else { throw field.fail("expected at least one species symbol") }
        var species: [String] = []
        for item in items {
            let symbol = try item.string()
            guard !symbol.isEmpty else { throw item.fail("expected a species symbol, found an empty string") }
            guard !species.contains(symbol) else { throw item.fail("'\(symbol)' is listed twice") }
            species.append(symbol)
        }
        return species
    }

    private static func decodeTerm(_ field: JSONField, term: DescriptorTerm, speciesCount: Int,
                                   mode: SpeciesWeightMode) throws -> TermParameters {
        if let label = try field.optionalMember("term") {
            let text = try label.string()
            let matches = (try? DescriptorShape(text))?.description == term.description
            guard matches else {
                throw label.fail("expected \"\(term.description)\" (the shape's term in this position), found \"\(text)\"")
            }
        }
        let channels = term.channelCount
        let weightsField = try field.member("weights")
        let weights: Matrix
        switch mode {
        case .specific:
            guard case .array(let blocks) = weightsField.value, blocks.count == speciesCount else {
                let found = weightsField.value.kindDescription
                throw weightsField.fail("expected \(speciesCount) × \(speciesCount) rows of \(JSONField.plural(channels, "number")) (weights[s_i][s_j][u]), found \(found)")
            }
            let matrices = try weightsField.array().map { try $0.matrix(rows: speciesCount, cols: channels) }
            weights = Matrix(rows: speciesCount * speciesCount, cols: channels, storage: matrices.flatMap(\.storage))
        case .common:
            weights = try weightsField.matrix(rows: speciesCount, cols: channels)
        }
        return TermParameters(speciesWeights: weights,
                              centers: try decodeRadial(try field.member("centers"), channels: channels, speciesCount: speciesCount, mode: mode),
                              widths: try decodeRadial(try field.member("widths"), channels: channels, speciesCount: speciesCount, mode: mode))
    }

    /// Centres or widths: [S][U] in "specific" mode; one shared row in "common" mode, written
    /// [[...]] and also accepted flat [...] (the reference code broadcasts either).
    private static func decodeRadial(_ field: JSONField, channels: Int, speciesCount: Int,
                                     mode: SpeciesWeightMode) throws -> Matrix {
        switch mode {
        case .specific:
            return try field.matrix(rows: speciesCount, cols: channels)
        case .common:
            if case .array(let items) = field.value, let first = items.first, case .number = first {
                return Matrix(rows: 1, cols: channels, storage: try field.vector(count: channels))
            }
            return try field.matrix(rows: 1, cols: channels)
        }
    }

    private static func decodeNetworks(_ field: JSONField, species: [String], descriptorLength: Int) throws -> [SpeciesNetwork] {
        for member in try field.object() where !species.contains(member.key) {
            throw JSONField(value: member.value, path: "\(field.path).\(member.key)", file: field.file)
                .fail("'\(member.key)' is not one of the potential's species [\(species.joined(separator: ", "))]")
        }
        return try species.map { symbol in
            guard let network = try field.optionalMember(symbol) else {
                throw field.fail("missing the network of species '\(symbol)'")
            }
            let offset = try network.member("offset").number()
            let layersField = try network.member("layers")
            let layerFields = try layersField.array()
            guard !layerFields.isEmpty else { throw layersField.fail("expected at least one layer") }
            var inputs = descriptorLength
            var layers: [DenseLayer] = []
            for (l, layerField) in layerFields.enumerated() {
                let biasField = try layerField.member("bias")
                let bias = try biasField.numbers()
                if l == layerFields.count - 1 && bias.count != 1 {
                    throw biasField.fail("expected 1 number (the last layer has one output: the atomic energy), found \(bias.count)")
                }
                guard !bias.isEmpty else { throw biasField.fail("expected at least one number (one per output neuron), found none") }
                let weight = try layerField.member("weight").matrix(rows: bias.count, cols: inputs)
                layers.append(DenseLayer(weight: weight, bias: Matrix(rows: 1, cols: bias.count, storage: bias)))
                inputs = bias.count
            }
            return SpeciesNetwork(offset: offset, layers: layers)
        }
    }
}
