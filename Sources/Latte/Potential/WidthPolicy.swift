/// Whether radial widths are trained, and their bounds (METHOD.md sections 5 and 6).
public enum WidthPolicy: Equatable, Sendable {
    /// Widths are trainable, initialised Uniform(w_min, w_max) and clipped to [w_min, w_max]
    /// after every optimiser step.
    case learned(minimum: Double, maximum: Double)
    /// Every width is this value and is not trained.
    case fixed(Double)

    /// w_min: the smallest width (the fixed width when not learned).
    public var minimum: Double {
        switch self {
        case .learned(let minimum, _): return minimum
        case .fixed(let width): return width
        }
    }

    /// w_max: the largest width (the fixed width when not learned).
    public var maximum: Double {
        switch self {
        case .learned(_, let maximum): return maximum
        case .fixed(let width): return width
        }
    }

    /// Whether widths are trainable parameters.
    public var isLearned: Bool {
        if case .learned = self { return true }
        return false
    }
}
