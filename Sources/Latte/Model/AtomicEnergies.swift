import Autodiff
import Linalg

/// Atomic energies from descriptors (METHOD.md section 5): the atoms of each species go
/// through that species' network as one matrix product per layer,
///
///     h_{l+1} = act(h_l · W_lᵀ + b_l)   (no activation after the last layer)
///     E_i = NN_{s_i}(D(i)) + offset_{s_i}
enum AtomicEnergies {
    /// E_i for every atom of the batch.  // [atoms, 1]
    static func values(descriptors: Variable,  // [atoms, D]
                       parameters: ParameterVariables, activation: Activation,
                       batch: BatchGeometry) -> Variable {
        var energies = parameters.offsets.gatheringRows(batch.atomSpecies)  // [atoms, 1]
        for (s, atoms) in batch.atomsBySpecies.enumerated() where !atoms.isEmpty {
            var h = descriptors.gatheringRows(atoms)  // [atoms of s, D]
            let layers = parameters.networks[s]
            for (l, layer) in layers.enumerated() {
                h = matmul(h, layer.weight, transposeB: true) + layer.bias
                if l < layers.count - 1 { h = activation.apply(to: h) }
            }
            energies = energies + h.scatterAddingRows(into: atoms, count: batch.atomCount)
        }
        return energies
    }
}
