import JSON
import Linalg

/// Writing `potential.json` (FORMATS.md section 3) as a document; the layout mirrors the
/// decoder, key order as in FORMATS.md.
extension PotentialFile {
    public static func document(of parameters: PotentialParameters) -> JSONValue {
        let speciesCount = parameters.species.count
        let terms: [JSONValue] = zip(parameters.shape.terms, parameters.terms).map { term, values in
            let weights: JSONValue
            switch parameters.speciesWeightMode {
            case .specific:
                let perCentre = (0..<speciesCount).map { centre in
                    values.speciesWeights.rowBlock((centre * speciesCount)..<((centre + 1) * speciesCount))
                }
                weights = .array(perCentre.map(rowsValue))
            case .common:
                weights = rowsValue(values.speciesWeights)
            }
            return .object([
                ("term", .string(term.description)),
                ("weights", weights),
                ("centers", rowsValue(values.centers)),
                ("widths", rowsValue(values.widths)),
            ])
        }
        let networks: [(key: String, value: JSONValue)] = zip(parameters.species, parameters.networks).map { symbol, network in
            let layers: [JSONValue] = network.layers.map { layer in
                .object([("weight", rowsValue(layer.weight)), ("bias", numbers(layer.bias.storage))])
            }
            return (symbol, .object([("offset", .number(network.offset)), ("layers", .array(layers))]))
        }
        return .object([
            ("format", .string(formatName)),
            ("version", .integer(formatVersion)),
            ("units", .object([("length", .string("angstrom")), ("energy", .string("eV"))])),
            ("species", .array(parameters.species.map(JSONValue.string))),
            ("cutoff", .number(parameters.cutoff)),
            ("descriptor", .object([
                ("shape", .string(parameters.shape.description)),
                ("species_weights", .string(parameters.speciesWeightMode.rawValue)),
                ("terms", .array(terms)),
            ])),
            ("networks", .object([
                ("activation", .string(parameters.activation.rawValue)),
                ("species", .object(networks)),
            ])),
        ])
    }

    private static func rowsValue(_ matrix: Matrix) -> JSONValue {
        .array(matrix.nested.map(numbers))
    }

    private static func numbers(_ values: [Double]) -> JSONValue {
        .array(values.map(JSONValue.number))
    }
}

private extension Matrix {
    /// Rows `range` as a matrix of the same width.
    func rowBlock(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, cols: cols, storage: Array(storage[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }
}
