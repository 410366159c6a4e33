import Linalg

/// The atomic network of one species (METHOD.md section 5): D → hidden layers → 1, with the
/// activation after every layer but the last, plus a per-species energy offset:
///
///     E_i = NN_{s_i}(D(i)) + offset_{s_i}
public struct SpeciesNetwork: Equatable, Sendable {
    /// The species reference energy (eV) added to the network's output.
    public var offset: Double
    /// Layers from the descriptor to the output; the last has one output.
    public var layers: [DenseLayer]

    public init(offset: Double, layers: [DenseLayer]) {
        self.offset = offset
        self.layers = layers
    }

    /// Sizes from input to output, e.g. [D, 64, 64, 1].
    public var layerSizes: [Int] {
        guard let first = layers.first else { return [] }
        return [first.inputSize] + layers.map(\.outputSize)
    }
}

/// One affine layer: y = weight · x + bias (FORMATS.md section 3: weight is [out][in]).
public struct DenseLayer: Equatable, Sendable {
    /// [out × in]; row o holds the input weights of output neuron o.
    public var weight: Matrix
    /// [1 × out], a row vector, so that a batch of inputs X [atoms × in] maps to
    /// X · weightᵀ + bias (bias added to every row).
    public var bias: Matrix

    public init(weight: Matrix, bias: Matrix) {
        self.weight = weight
        self.bias = bias
    }

    public var inputSize: Int { weight.cols }
    public var outputSize: Int { weight.rows }
}
