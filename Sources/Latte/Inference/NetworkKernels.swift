#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Linalg

/// A species network on a block of n atoms at once, forward and back to its input, without a
/// tape (METHOD.md section 5). With a_0 = X [n, D], layers l = 0..<L, W_l [out, in]:
///
///     z_l = a_l · W_lᵀ + b_l,   a_{l+1} = act(z_l)  (l < L − 1),   E = z_{L−1} + offset
///     ∂E/∂a_{L−1} = W_{L−1} (every row),  ∂E/∂z_l = ∂E/∂a_{l+1} ⊙ act′(z_l),
///     ∂E/∂a_l = ∂E/∂z_l · W_l,            ∂E/∂X = ∂E/∂a_0
///
/// Every product is one dgemm over the block; gaussian activations use `VectorMath.exp`.
final class NetworkKernel: @unchecked Sendable {
    let activation: Activation
    let offset: Double
    let inputSize: Int
    let sizes: [Int]                     // output size of each layer
    let weights: [KernelBuffer<Double>]  // [out, in] per layer
    let biases: [KernelBuffer<Double>]   // [out] per layer

    init(_ network: SpeciesNetwork, activation: Activation) {
        self.activation = activation
        offset = network.offset
        inputSize = network.layers.first?.inputSize ?? 0
        sizes = network.layers.map(\.outputSize)
        weights = network.layers.map { KernelBuffer($0.weight.storage, padding: 0) }
        biases = network.layers.map { KernelBuffer($0.bias.storage, padding: 0) }
    }

    /// Doubles of scratch a block of `rows` atoms needs: z_l and a_{l+1} per hidden layer.
    func scratchLength(rows: Int) -> Int { 2 * rows * sizes.dropLast().reduce(0, +) }

    /// Atomic energies E (n at `energies`) and ∂E/∂X (n × D at `inputGradient`) for inputs X.
    func run(rows n: Int, input x: UnsafePointer<Double>, energies: UnsafeMutablePointer<Double>,
             inputGradient dx: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        guard n > 0 else { return }
        let hidden = sizes.count - 1
        var z: [UnsafeMutablePointer<Double>] = [], a: [UnsafeMutablePointer<Double>] = []
        var next = scratch
        for l in 0..<hidden {
            z.append(next); next += n * sizes[l]
            a.append(next); next += n * sizes[l]
        }
        // Forward.
        var input = x, width = inputSize
        for l in 0..<hidden {
            affine(layer: l, rows: n, input: input, inputWidth: width, output: z[l])
            activation.activate(z[l], into: a[l], count: n * sizes[l])
            input = UnsafePointer(a[l])
            width = sizes[l]
        }
        affine(layer: hidden, rows: n, input: input, inputWidth: width, output: energies)
        for i in 0..<n { energies[i] += offset }
        // Backward: ∂E/∂a of the last hidden output is the last layer's weight row.
        guard hidden > 0 else {
            for i in 0..<n { (dx + i * inputSize).update(from: weights[0].pointer, count: inputSize) }
            return
        }
        for l in stride(from: hidden - 1, through: 0, by: -1) {
            let count = n * sizes[l]
            activation.differentiate(z[l], given: a[l], count: count)  // z_l ← act′(z_l)
            if l == hidden - 1 {
                for i in 0..<n { (a[l] + i * sizes[l]).update(from: weights[hidden].pointer, count: sizes[l]) }
            } else {                                                     // a_l ← ∂E/∂z_{l+1} · W_{l+1}
                BLAS.gemm(m: n, n: sizes[l], k: sizes[l + 1], a: z[l + 1], lda: sizes[l + 1],
                          b: weights[l + 1].pointer, ldb: sizes[l], c: a[l], ldc: sizes[l])
            }
            for i in 0..<count { z[l][i] *= a[l][i] }                    // z_l ← ∂E/∂z_l
        }
        BLAS.gemm(m: n, n: inputSize, k: sizes[0], a: z[0], lda: sizes[0], b: weights[0].pointer, ldb: inputSize,
                  c: dx, ldc: inputSize)
    }

    /// output [n, out] = input [n, in] · W_lᵀ + b_l.
    private func affine(layer l: Int, rows n: Int, input: UnsafePointer<Double>, inputWidth: Int,
                        output: UnsafeMutablePointer<Double>) {
        let out = sizes[l]
        BLAS.gemm(transposeB: true, m: n, n: out, k: inputWidth, a: input, lda: inputWidth,
                  b: weights[l].pointer, ldb: inputWidth, c: output, ldc: out)
        let b = biases[l].pointer
        for i in 0..<n {
            let row = output + i * out
            for j in 0..<out { row[j] += b[j] }
        }
    }
}
