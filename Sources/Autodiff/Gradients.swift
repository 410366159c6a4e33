import Linalg

extension Tape {
    /// Gradients of `output` with respect to each of `variables` (reverse mode).
    ///
    /// `output` is a scalar ([1, 1]) unless `seed` is given: then the result is the
    /// vector–Jacobian product seedᵀ · ∂output/∂variable, with `seed` shaped like `output`.
    /// A variable that `output` does not depend on gets a zero gradient of its own shape.
    ///
    /// With `createGraph`, the backward pass is itself recorded: the returned gradients depend on
    /// the variables they came from and can be differentiated again (forces from an energy, then
    /// the gradient of a force loss). Without it, the gradients are constants.
    public func gradients(of output: Variable, wrt variables: [Variable], seed: Matrix? = nil,
                          createGraph: Bool = false) -> [Variable] {
        precondition(output.tape === self && variables.allSatisfy { $0.tape === self },
                     "gradients: variables from another tape")
        let seedValue = seed ?? Matrix(scalar: 1)
        precondition(seedValue.shape == output.shape,
                     "gradients: seed \(seedValue.shape) for an output of shape \(output.shape)")

        let lowest = variables.map(\.id).min() ?? output.id
        let top = output.id
        guard lowest <= top else { return variables.map { constant(Matrix(rows: $0.rows, cols: $0.cols)) } }

        // Nodes that lie on a path from a requested variable to the output.
        var onPath = [Bool](repeating: false, count: top - lowest + 1)
        for v in variables where nodes[v.id].requiresGradient || v.id == top { onPath[v.id - lowest] = true }
        if lowest < top {
            for id in (lowest + 1)...top where !onPath[id - lowest] {
                onPath[id - lowest] = nodes[id].inputs.contains { $0 >= lowest && onPath[$0 - lowest] }
            }
        }

        // Every contribution to a node's gradient, summed once when the node is reached (all
        // its consumers have later ids, so by then the list is complete).
        var contributions = [[Variable]](repeating: [], count: top - lowest + 1)
        contributions[top - lowest] = [constant(seedValue)]
        var accumulated = [Variable?](repeating: nil, count: top - lowest + 1)
        withRecording(createGraph) {
            for id in stride(from: top, through: lowest, by: -1) {
                guard !contributions[id - lowest].isEmpty else { continue }
                let gradient = Variable.sum(contributions[id - lowest])
                contributions[id - lowest] = []
                accumulated[id - lowest] = gradient
                guard let backward = nodes[id].backward else { continue }
                let inputIds = nodes[id].inputs
                let needed = inputIds.map { $0 >= lowest && onPath[$0 - lowest] }
                guard needed.contains(true) else { continue }
                let inputs = inputIds.map { Variable(tape: self, id: $0) }
                let parts = backward(gradient, inputs, Variable(tape: self, id: id), needed)
                for (k, part) in parts.enumerated() {
                    guard needed[k], let part else { continue }
                    contributions[inputIds[k] - lowest].append(part)
                }
            }
        }
        return variables.map { v in accumulated[v.id - lowest] ?? constant(Matrix(rows: v.rows, cols: v.cols)) }
    }
}
