import Foundation
import Linalg

/// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), with PyTorch's
/// `torch.optim.Adam` / `torch.optim.AdamW` semantics (METHOD.md section 7). A weight decay λ is
/// coupled in Adam (an L2 term λ·p added to the gradient) and decoupled in AdamW (the
/// parameters shrink before the step).
///
/// One step with gradient g, learning rate lr and step count t (after incrementing):
///
///     p ← p · (1 − lr·λ)                        (AdamW only: decoupled decay, before the step)
///     g ← g + λ·p                               (Adam only: coupled L2 decay)
///     m ← β1·m + (1 − β1)·g
///     v ← β2·v + (1 − β2)·g²
///     p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
///
/// The last line is PyTorch's arrangement of p − lr·m̂/(√v̂ + ε) with m̂ = m/(1 − β1^t),
/// v̂ = v/(1 − β2^t): the bias corrections are applied to the step size and to √v, so ε is
/// added to the corrected √v̂, exactly as PyTorch does. Decay λ applies to every parameter.
///
/// The moments are kept per parameter matrix, with the parameter's shape; they start at zero.
public struct Adam: Equatable, Sendable {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// λ; 0 gives plain Adam either way.
    public let weightDecay: Double
    /// AdamW's decoupled decay (true) or Adam's L2 term in the gradient (false).
    public let decoupled: Bool
    /// Steps taken so far (t of the last update; 0 before the first).
    public internal(set) var step: Int
    /// m, one matrix per parameter.
    public internal(set) var firstMoments: [Matrix]
    /// v, one matrix per parameter.
    public internal(set) var secondMoments: [Matrix]

    public init(shapes: [Shape], beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
                weightDecay: Double = 0, decoupled: Bool = true) {
        let zeros = shapes.map { Matrix(rows: $0.rows, cols: $0.cols) }
        self.init(beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupled: decoupled,
                  step: 0, firstMoments: zeros, secondMoments: zeros)
    }

    /// The state as a checkpoint holds it; the moments' shapes must agree.
    init(beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, decoupled: Bool,
         step: Int, firstMoments: [Matrix], secondMoments: [Matrix]) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2),
                     "Adam: betas must lie in [0, 1), got \(beta1), \(beta2)")
        precondition(epsilon >= 0 && weightDecay >= 0, "Adam: negative epsilon or weight decay")
        precondition(firstMoments.map(\.shape) == secondMoments.map(\.shape), "Adam: moment shapes differ")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupled = decoupled
        self.step = step
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }

    /// The shapes of the parameters this optimiser was made for.
    public var shapes: [Shape] { firstMoments.map(\.shape) }

    /// One optimiser step over every parameter matrix; `gradients[i]` is ∂L/∂`parameters[i]`.
    public mutating func update(_ parameters: inout [Matrix], gradients: [Matrix], learningRate: Double) {
        precondition(parameters.count == firstMoments.count && gradients.count == firstMoments.count,
                     "Adam.update: \(parameters.count) parameters and \(gradients.count) gradients for \(firstMoments.count) moments")
        step += 1
        let t = Double(step)
        let stepSize = learningRate / (1 - pow(beta1, t))
        let correction2 = (1 - pow(beta2, t)).squareRoot()
        let decayFactor = 1 - learningRate * weightDecay
        for i in parameters.indices {
            precondition(parameters[i].shape == firstMoments[i].shape && gradients[i].shape == firstMoments[i].shape,
                         "Adam.update: parameter \(i) is \(parameters[i].shape), gradient \(gradients[i].shape), moments \(firstMoments[i].shape)")
            Self.update(parameter: &parameters[i].storage, gradient: gradients[i].storage,
                        m: &firstMoments[i].storage, v: &secondMoments[i].storage,
                        beta1: beta1, beta2: beta2, epsilon: epsilon, stepSize: stepSize,
                        correction2: correction2, decayFactor: weightDecay > 0 && decoupled ? decayFactor : nil,
                        l2: decoupled ? 0 : weightDecay)
        }
    }

    private static func update(parameter: inout [Double], gradient: [Double], m: inout [Double], v: inout [Double],
                               beta1: Double, beta2: Double, epsilon: Double, stepSize: Double,
                               correction2: Double, decayFactor: Double?, l2: Double) {
        let oneMinusBeta1 = 1 - beta1
        let oneMinusBeta2 = 1 - beta2
        parameter.withUnsafeMutableBufferPointer { p in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        if let decayFactor {
                            for k in 0..<p.count { p[k] *= decayFactor }
                        }
                        for k in 0..<p.count {
                            let gk = l2 == 0 ? g[k] : g[k] + l2 * p[k]
                            m[k] = beta1 * m[k] + oneMinusBeta1 * gk
                            v[k] = beta2 * v[k] + oneMinusBeta2 * gk * gk
                            p[k] -= stepSize * (m[k] / (v[k].squareRoot() / correction2 + epsilon))
                        }
                    }
                }
            }
        }
    }
}
