import Latte
import Linalg

/// The order of the numbers in `model.bin`, the binary file PANNA's `pair_style latte` reads
/// (docs/PANNA-EXPORT.md, "model.bin"): float32, little-endian, no header, no padding.
///
/// With S species, term t owning U_t = n_t·m_t channels, and layer sizes a_0 = D, a_1, ..., a_L = 1
/// shared by all species:
///
///     for each term t, in shape order:
///         σ  [S][S][U_t]   species weights, [centre species][neighbour species][channel]
///         c  [S][U_t]      centres (Å), [centre species][channel]
///         w  [S][U_t]      widths (Å; the plugin's "sigmas")
///     for each layer l = 1 ... L:
///         W  [S][a_l][a_{l−1}]   weights, [species][output][input]
///         b  [S][a_l]            biases; in the last layer, bias + species offset
///
/// Channels are body-major (u = k·n + q) in both Latte and the plugin, and every array is in
/// the row-major order of Latte's "specific"-mode matrices, so each block is one matrix's storage.
enum PannaModelLayout {
    /// The number of float32 values for S species, `shape` and the shared `layerSizes`
    /// [D, ..., 1]: Σ_t (S² + 2S)·U_t + Σ_l S·(a_l·a_{l−1} + a_l).
    static func valueCount(speciesCount s: Int, shape: DescriptorShape, layerSizes: [Int]) -> Int {
        let descriptor = shape.terms.reduce(0) { $0 + (s * s + 2 * s) * $1.channelCount }
        let network = zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + s * ($1.1 * $1.0 + $1.1) }
        return descriptor + network
    }

    /// The values of a "specific"-mode potential whose networks share one architecture, in file
    /// order, before rounding to float32. The species offsets are added to the last biases:
    /// the plugin adds no offset of its own (PANNA's exporter does the same).
    static func values(of parameters: PotentialParameters) -> [Double] {
        var values: [Double] = []
        for term in parameters.terms {
            values += term.speciesWeights.storage
            values += term.centers.storage
            values += term.widths.storage
        }
        let layerCount = parameters.networks.first?.layers.count ?? 0
        for l in 0..<layerCount {
            for network in parameters.networks { values += network.layers[l].weight.storage }
            for network in parameters.networks {
                let offset = l == layerCount - 1 ? network.offset : 0
                values += network.layers[l].bias.storage.map { $0 + offset }
            }
        }
        return values
    }

    /// Little-endian float32 bytes of `values`, each rounded to the nearest float32.
    static func bytes(of values: [Double]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4 * values.count)
        for value in values {
            let bits = Float(value).bitPattern
            bytes += [UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8),
                      UInt8(truncatingIfNeeded: bits >> 16), UInt8(truncatingIfNeeded: bits >> 24)]
        }
        return bytes
    }

    /// The float32 values of little-endian `bytes` (whose count is a multiple of 4), as Doubles.
    static func values(fromLittleEndian bytes: [UInt8]) -> [Double] {
        stride(from: 0, to: bytes.count - 3, by: 4).map { k in
            let bits = UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3]) << 24
            return Double(Float(bitPattern: bits))
        }
    }

    /// Rebuilds the parameters from file-order `values` (exactly `valueCount` of them): a
    /// "specific"-mode potential with gaussian activation, zero offsets (they are inside the last
    /// biases) and, when `fixedWidth` is given (the `sigma` key), every width equal to it and no
    /// widths in the file.
    static func parameters(from values: [Double], species: [String], cutoff: Double, shape: DescriptorShape,
                           layerSizes: [Int], fixedWidth: Double?) -> PotentialParameters {
        var next = 0
        func matrix(_ rows: Int, _ cols: Int) -> Matrix {
            defer { next += rows * cols }
            return Matrix(rows: rows, cols: cols, storage: Array(values[next..<(next + rows * cols)]))
        }
        let s = species.count
        let terms = shape.terms.map { term -> TermParameters in
            let u = term.channelCount
            let weights = matrix(s * s, u), centers = matrix(s, u)
            let widths = fixedWidth.map { Matrix(rows: s, cols: u, repeating: $0) } ?? matrix(s, u)
            return TermParameters(speciesWeights: weights, centers: centers, widths: widths)
        }
        var layers: [[DenseLayer]] = Array(repeating: [], count: s)
        for (inputs, outputs) in zip(layerSizes, layerSizes.dropFirst()) {
            let weights = (0..<s).map { _ in matrix(outputs, inputs) }
            let biases = (0..<s).map { _ in matrix(1, outputs) }
            for k in 0..<s { layers[k].append(DenseLayer(weight: weights[k], bias: biases[k])) }
        }
        precondition(next == values.count, "PannaModelLayout: \(values.count) values for a layout of \(next)")
        return PotentialParameters(species: species, cutoff: cutoff, shape: shape, speciesWeightMode: .specific,
                                   terms: terms, activation: .gaussian,
                                   networks: layers.map { SpeciesNetwork(offset: 0, layers: $0) })
    }
}
