import Autodiff
import Linalg

/// The LATTE descriptor of every atom of a batch (METHOD.md sections 2–4), on the tape: each
/// term's radial channels, its bodies' local tensors, and their contraction; the terms'
/// components concatenated in the order of the shape string.
struct Descriptor {
    let shape: DescriptorShape
    let mode: SpeciesWeightMode
    let speciesCount: Int
    let plans: [ContractionPlan]

    init(_ parameters: PotentialParameters) {
        shape = parameters.shape
        mode = parameters.speciesWeightMode
        speciesCount = parameters.species.count
        plans = parameters.shape.terms.map(ContractionPlan.init(term:))
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
                                               batch: batch)  // K_k × [atoms, n]
            }
            components.append(contract(tensors, plan: plans[t]))
        }
        return concatenateColumns(components)
    }

    /// Σ over the plan's products of count · Π_k (entry e_k of body k).  // [atoms, n]
    private func contract(_ tensors: [[Variable]], plan: ContractionPlan) -> Variable {
        var sum: Variable?
        for product in plan.products {
            var term: Variable?
            for (k, e) in product.entries.enumerated() {
                let block = tensors[k][e]
                term = term.map { $0 * block } ?? block
            }
            let weighted = product.count == 1 ? term! : Double(product.count) * term!
            sum = sum.map { $0 + weighted } ?? weighted
        }
        return sum!
    }
}
