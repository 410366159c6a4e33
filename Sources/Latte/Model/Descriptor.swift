import Autodiff
import Linalg

/// The LATTE descriptor of every atom of a batch (METHOD.md sections 2–4), on the tape: each
/// term's radial channels, its bodies' local tensors, and their contraction; the terms'
/// components concatenated in the order of the shape string.
struct Descriptor {
    let shape: DescriptorShape
    let mode: SpeciesWeightMode
    let speciesCount: Int
    let forms: [ContractionForm]

    init(_ parameters: PotentialParameters) {
        shape = parameters.shape
        mode = parameters.speciesWeightMode
        speciesCount = parameters.species.count
        forms = parameters.shape.terms.map(ContractionForm.init(term:))
    }

    /// D for every atom, from the bond vectors `vectors` [pairs, 3].  // [atoms, D]
    func values(vectors: Variable, parameters: ParameterVariables, batch: BatchGeometry) -> Variable {
        let r = vectors.squared().sumOverColumns().squareRoot()   // [pairs, 1]
        let monomials = LocalTensors.Monomials(unitVectors: vectors / r)
        let rows = RadialChannels.PairRows(batch, mode: mode, speciesCount: speciesCount)
        var components: [Variable] = []
        for (t, term) in shape.terms.enumerated() {
            let n = term.componentCount
            let tensors = term.bodies.enumerated().map { k, body in
                let g = RadialChannels.values(distances: r, term: parameters.terms[t],
                                              channels: (k * n)..<((k + 1) * n), rows: rows)  // [pairs, n]
                return LocalTensors.accumulate(channels: g, rank: body.rank, monomials: monomials,
                                               batch: batch)  // [atoms, K_k·n]
            }
            components.append(term.isRadial ? tensors[0] : forms[t].descriptor(tensors))  // [atoms, n]
        }
        return concatenateColumns(components)
    }
}
