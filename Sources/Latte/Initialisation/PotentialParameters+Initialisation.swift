import Linalg

extension PotentialParameters {
    /// A fresh potential drawn from `seed` (METHOD.md section 5), already projected
    /// (METHOD.md section 6).
    ///
    /// Draws, all from one `SeededGenerator(seed:)`, in this order (matrices row-major):
    /// 1. for each term in shape order: widths Uniform(w_min, w_max) when learned (else the
    ///    fixed width, no draws); centres Uniform(w_min, R_c − w_min); species weights σ
    ///    Normal(0, 1). Row counts follow `speciesWeightMode`.
    /// 2. for each species in order, each layer from the descriptor to the output: weights
    ///    Normal(0, √(2/(in + out))). Biases are 0 and offsets 0 (no draws).
    ///
    /// Then every centre is clipped to [w, R_c − w] and learned widths to [w_min, w_max].
    public static func initial(for specification: PotentialSpecification, seed: UInt64) throws -> PotentialParameters {
        try specification.check()
        var generator = SeededGenerator(seed: seed)
        let speciesCount = specification.species.count
        let mode = specification.speciesWeightMode
        let policy = specification.widths
        let cutoff = specification.cutoff

        let terms = specification.shape.terms.map { term -> TermParameters in
            let channels = term.channelCount
            let radialRows = mode.radialRowCount(speciesCount: speciesCount)
            let widths: Matrix
            switch policy {
            case .learned(let minimum, let maximum):
                widths = Matrix(rows: radialRows, cols: channels) { _, _ in
                    generator.nextUniform(from: minimum, to: maximum)
                }
            case .fixed(let width):
                widths = Matrix(rows: radialRows, cols: channels, repeating: width)
            }
            let centers = Matrix(rows: radialRows, cols: channels) { _, _ in
                generator.nextUniform(from: policy.minimum, to: cutoff - policy.minimum)
            }
            let weights = Matrix(rows: mode.weightRowCount(speciesCount: speciesCount), cols: channels) { _, _ in
                generator.nextNormal()
            }
            return TermParameters(speciesWeights: weights, centers: centers, widths: widths)
        }

        let sizes = [specification.shape.descriptorLength] + specification.hiddenLayers + [1]
        let networks = specification.species.map { _ -> SpeciesNetwork in
            let layers = zip(sizes.dropLast(), sizes.dropFirst()).map { inputs, outputs -> DenseLayer in
                let deviation = (2 / Double(inputs + outputs)).squareRoot()
                let weight = Matrix(rows: outputs, cols: inputs) { _, _ in
                    generator.nextNormal(standardDeviation: deviation)
                }
                return DenseLayer(weight: weight, bias: Matrix(rows: 1, cols: outputs))
            }
            return SpeciesNetwork(offset: 0, layers: layers)
        }

        var parameters = PotentialParameters(
            species: specification.species, cutoff: cutoff, shape: specification.shape,
            speciesWeightMode: mode, terms: terms, activation: specification.activation,
            networks: networks)
        parameters.project(widths: policy)
        return parameters
    }
}
