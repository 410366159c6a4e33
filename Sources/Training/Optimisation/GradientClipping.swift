import Linalg

/// Gradient clipping by the global L2 norm (PyTorch `clip_grad_norm_` with norm type 2).
public enum GradientClipping {
    /// With ‖g‖ = √(Σ_i Σ_k g_ik²) over every element of every matrix: when ‖g‖ > `maxNorm`,
    /// every gradient is multiplied by `maxNorm`/‖g‖, which keeps the direction and makes the
    /// norm `maxNorm`; otherwise nothing changes. Returns ‖g‖ before clipping.
    ///
    /// Unlike PyTorch, the scale is `maxNorm`/‖g‖ without its 1e-6 in the denominator (PyTorch
    /// uses `maxNorm`/(‖g‖ + 1e-6) clamped to 1, leaving the norm slightly below the limit), and
    /// gradients with a non-finite norm are left untouched (PyTorch would turn them into NaN):
    /// the caller sees the returned norm and can skip the step.
    @discardableResult
    public static func clipGlobalNorm(_ gradients: inout [Matrix], maxNorm: Double) -> Double {
        precondition(maxNorm > 0, "GradientClipping: maxNorm must be positive, got \(maxNorm)")
        let norm = globalNorm(gradients)
        guard norm.isFinite, norm > maxNorm else { return norm }
        let scale = maxNorm / norm
        for i in gradients.indices {
            gradients[i].storage.withUnsafeMutableBufferPointer { g in
                for k in 0..<g.count { g[k] *= scale }
            }
        }
        return norm
    }

    /// √(Σ_i Σ_k g_ik²), summed in order (deterministic).
    public static func globalNorm(_ gradients: [Matrix]) -> Double {
        var sum = 0.0
        for gradient in gradients {
            gradient.storage.withUnsafeBufferPointer { g in
                for value in g { sum += value * value }
            }
        }
        return sum.squareRoot()
    }
}
