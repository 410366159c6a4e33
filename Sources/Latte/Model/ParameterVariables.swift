import Autodiff
import Linalg

/// A potential's trainable parameters placed on a tape as leaf variables, so that energies,
/// forces and losses built from them can be differentiated with respect to every one.
///
/// `all` lists the leaves in a fixed order (terms' weights, centres, widths; then per species
/// each layer's weight and bias; then the offsets), the order in which gradients come back and
/// optimisers see them.
public struct ParameterVariables {
    public struct Term {
        public let weights: Variable  // [S·S or S, U]
        public let centers: Variable  // [S or 1, U]
        public let widths: Variable   // [S or 1, U]
    }
    public struct Layer {
        public let weight: Variable   // [out, in]
        public let bias: Variable     // [1, out]
    }

    public let terms: [Term]
    public let networks: [[Layer]]    // [species][layers]
    public let offsets: Variable      // [S, 1]

    /// Places `parameters` on `tape` as leaves.
    public init(_ parameters: PotentialParameters, on tape: Tape) {
        terms = parameters.terms.map {
            Term(weights: tape.variable($0.speciesWeights), centers: tape.variable($0.centers),
                 widths: tape.variable($0.widths))
        }
        networks = parameters.networks.map { network in
            network.layers.map { Layer(weight: tape.variable($0.weight), bias: tape.variable($0.bias)) }
        }
        offsets = tape.variable(Matrix(rows: parameters.networks.count, cols: 1,
                                       storage: parameters.networks.map(\.offset)))
    }

    /// Every leaf, in the documented order.
    public var all: [Variable] {
        terms.flatMap { [$0.weights, $0.centers, $0.widths] }
            + networks.flatMap { $0.flatMap { [$0.weight, $0.bias] } }
            + [offsets]
    }

    /// What each matrix of `all` is, in the same order.
    public enum Kind: Equatable, Hashable, Sendable {
        case termWeights, centres, widths
        case layerWeights, biases
        case offsets
    }

    /// The kind of each matrix of `parameters`, in the order of `all`.
    public static func kinds(of parameters: PotentialParameters) -> [Kind] {
        parameters.terms.flatMap { _ in [Kind.termWeights, .centres, .widths] }
            + parameters.networks.flatMap { $0.layers.flatMap { _ in [Kind.layerWeights, .biases] } }
            + [.offsets]
    }

    /// The values of `parameters` in the order of `all`.
    public static func matrices(of parameters: PotentialParameters) -> [Matrix] {
        parameters.terms.flatMap { [$0.speciesWeights, $0.centers, $0.widths] }
            + parameters.networks.flatMap { $0.layers.flatMap { [$0.weight, $0.bias] } }
            + [Matrix(rows: parameters.networks.count, cols: 1, storage: parameters.networks.map(\.offset))]
    }

    /// Parameters of the same layout as `template` whose values are `values`, matched to `all`
    /// in order (for example gradients, or Adam's moments).
    public static func assemble(_ values: [Matrix], like template: PotentialParameters) -> PotentialParameters {
        var result = template
        var next = values.makeIterator()
        for t in result.terms.indices {
            result.terms[t].speciesWeights = next.next()!
            result.terms[t].centers = next.next()!
            result.terms[t].widths = next.next()!
        }
        for s in result.networks.indices {
            for l in result.networks[s].layers.indices {
                result.networks[s].layers[l].weight = next.next()!
                result.networks[s].layers[l].bias = next.next()!
            }
        }
        let offsets = next.next()!
        for s in result.networks.indices { result.networks[s].offset = offsets.storage[s] }
        precondition(next.next() == nil, "ParameterVariables.assemble: more values than parameters")
        return result
    }
}
