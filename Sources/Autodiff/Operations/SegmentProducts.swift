import Linalg

/// Three bilinear maps between per-row data (rows p, each in segment s(p)) and per-segment
/// outer products, fused into one operation each: the local tensors of a model (rows = pairs,
/// segments = centre atoms, G = radial channels, M = direction monomials) and their adjoints.
/// With G [P, n], M [P, K] and A [N, K·n] (column e·n + u: for each entry e, the n channels side
/// by side, so that every loop below runs over contiguous channels):
///
///     outer    A[i, en+u] = Σ_{p: s(p)=i} G[p,u] · M[p,e]        `segmentOuterSum(g, m)`
///     right    R[p, u]    = Σ_e A[s(p), en+u] · M[p,e]           `segmentContractingEntries(a, m)`
///     left     L[p, e]    = Σ_u A[s(p), en+u] · G[p,u]           `segmentContractingChannels(a, g)`
///
/// Each is the adjoint of the others in one argument, so the backward rules close over the
/// three and can be differentiated again, to any order:
///
///     outer:  Ḡ = right(Ā, M),   M̄ = left(Ā, G)
///     right:  Ā = outer(R̄, M),   M̄ = left(A, R̄)
///     left:   Ā = outer(G, L̄),   Ḡ = right(A, L̄)
extension Variable {
    /// A = Σ_{p in segment} M[p] ⊗ G[p], [count, K·n].
    public static func segmentOuterSum(_ g: Variable, _ m: Variable, segments: [Int], count: Int) -> Variable {
        precondition(g.rows == m.rows && segments.count == g.rows, "segmentOuterSum: rows disagree")
        let value = SegmentKernels.outer(g.value, m.value, segments: segments, count: count)
        return g.tape.record(value, inputs: [g, m]) { ga, x, _, needed in
            [needed[0] ? segmentContractingEntries(ga, x[1], segments: segments) : nil,
             needed[1] ? segmentContractingChannels(ga, x[0], segments: segments) : nil]
        }
    }

    /// R[p, u] = Σ_e A[s(p), en+u] M[p,e], [P, n] (A [N, K·n], M [P, K]).
    public static func segmentContractingEntries(_ a: Variable, _ m: Variable, segments: [Int]) -> Variable {
        precondition(segments.count == m.rows && a.cols % max(m.cols, 1) == 0, "segmentContractingEntries: shapes disagree")
        let value = SegmentKernels.right(a.value, m.value, segments: segments)
        let count = a.rows
        return a.tape.record(value, inputs: [a, m]) { gr, x, _, needed in
            [needed[0] ? segmentOuterSum(gr, x[1], segments: segments, count: count) : nil,
             needed[1] ? segmentContractingChannels(x[0], gr, segments: segments) : nil]
        }
    }

    /// L[p, e] = Σ_u A[s(p), en+u] G[p,u], [P, K] (A [N, K·n], G [P, n]).
    public static func segmentContractingChannels(_ a: Variable, _ g: Variable, segments: [Int]) -> Variable {
        precondition(segments.count == g.rows && a.cols % max(g.cols, 1) == 0, "segmentContractingChannels: shapes disagree")
        let value = SegmentKernels.left(a.value, g.value, segments: segments)
        let count = a.rows
        return a.tape.record(value, inputs: [a, g]) { gl, x, _, needed in
            [needed[0] ? segmentOuterSum(x[1], gl, segments: segments, count: count) : nil,
             needed[1] ? segmentContractingEntries(x[0], gl, segments: segments) : nil]
        }
    }
}
