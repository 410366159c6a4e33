import Linalg

/// Element-wise add, subtract, multiply and divide with broadcasting of rows, columns and
/// scalars (see `Matrix.broadcastShape`); negation, scaling and shifting by a constant.
///
/// Backward rules: the gradient of a broadcast operand is summed back down to its own shape.
///   d(a + b) = g, g        d(a − b) = g, −g
///   d(a · b) = g·b, g·a    d(a / b) = g/b, −g·a/b²
extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable {
        a.tape.record(a.value + b.value, inputs: [a, b]) { g, x, _, needed in
            [needed[0] ? g.summed(to: x[0].shape) : nil, needed[1] ? g.summed(to: x[1].shape) : nil]
        }
    }

    public static func - (a: Variable, b: Variable) -> Variable {
        a.tape.record(a.value - b.value, inputs: [a, b]) { g, x, _, needed in
            [needed[0] ? g.summed(to: x[0].shape) : nil, needed[1] ? (-g).summed(to: x[1].shape) : nil]
        }
    }

    public static func * (a: Variable, b: Variable) -> Variable {
        a.tape.record(a.value * b.value, inputs: [a, b]) { g, x, _, needed in
            [needed[0] ? (g * x[1]).summed(to: x[0].shape) : nil,
             needed[1] ? (g * x[0]).summed(to: x[1].shape) : nil]
        }
    }

    public static func / (a: Variable, b: Variable) -> Variable {
        a.tape.record(a.value / b.value, inputs: [a, b]) { g, x, y, needed in
            // ∂(a/b)/∂b = −(a/b)/b: reuse the output y = a/b.
            [needed[0] ? (g / x[1]).summed(to: x[0].shape) : nil,
             needed[1] ? (-(g * y) / x[1]).summed(to: x[1].shape) : nil]
        }
    }

    /// p₀ + p₁ + … + p_k for parts of one shape, added left to right into one buffer (the
    /// same numbers as the chain of binary additions, without its intermediate matrices).
    /// d/dp_i = g for every part.
    public static func sum(_ parts: [Variable]) -> Variable {
        precondition(!parts.isEmpty, "Variable.sum: no parts")
        if parts.count == 1 { return parts[0] }
        var total = parts[0].value.zipMap(parts[1].value, +)  // a fresh buffer: no copy of part 0
        for part in parts.dropFirst(2) { total.add(part.value) }
        return parts[0].tape.record(total, inputs: parts) { g, _, _, needed in needed.map { $0 ? g : nil } }
    }

    public static prefix func - (a: Variable) -> Variable {
        a.tape.record(-a.value, inputs: [a]) { g, _, _, _ in [-g] }
    }

    /// s · a for a constant s.
    public static func * (s: Double, a: Variable) -> Variable {
        a.tape.record(s * a.value, inputs: [a]) { g, _, _, _ in [s * g] }
    }

    public static func * (a: Variable, s: Double) -> Variable { s * a }
    public static func / (a: Variable, s: Double) -> Variable { (1 / s) * a }

    /// a + s for a constant s, added to every element.
    public static func + (a: Variable, s: Double) -> Variable {
        a.tape.record(a.value.map { $0 + s }, inputs: [a]) { g, _, _, _ in [g] }
    }

    public static func + (s: Double, a: Variable) -> Variable { a + s }
    public static func - (a: Variable, s: Double) -> Variable { a + (-s) }
    public static func - (s: Double, a: Variable) -> Variable { (-a) + s }
}
