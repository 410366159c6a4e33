import Linalg

/// The loops behind the segment products (`SegmentProducts.swift`), on contiguous row-major
/// storage; the inner loops run over a row's n channels.
///
/// Every output element is summed in the same order as the plain loops (pairs p ascending,
/// then entries e ascending, then channels u ascending), so the results are the same to the
/// bit. What changes is how many sums run at once: four pairs of one segment (`outer`) or
/// four entries (`right`, `left`) per pass, so that an element is loaded and stored once per
/// four products, and four dot products run side by side instead of one latency-bound chain.
enum SegmentKernels {
    /// A[s, en+u] = Σ_{p: s(p)=s} M[p,e] G[p,u].  // [count, K·n]
    static func outer(_ g: Matrix, _ m: Matrix, segments: [Int], count: Int) -> Matrix {
        let n = g.cols, k = m.cols, pairs = segments.count
        var a = Matrix(rows: count, cols: n * k)
        g.storage.withUnsafeBufferPointer { gp in
        m.storage.withUnsafeBufferPointer { mp in
        a.storage.withUnsafeMutableBufferPointer { ap in
            let g = gp.baseAddress!, m = mp.baseAddress!
            var p = 0
            while p < pairs {
                let s = segments[p]
                precondition(s >= 0 && s < count, "segmentOuterSum: segment \(s) outside 0..<\(count)")
                let row = ap.baseAddress! + s * n * k
                if p + 4 <= pairs && segments[p + 1] == s && segments[p + 2] == s && segments[p + 3] == s {
                    let g0 = g + p * n, g1 = g0 + n, g2 = g1 + n, g3 = g2 + n
                    let m0 = m + p * k, m1 = m0 + k, m2 = m1 + k, m3 = m2 + k
                    for e in 0..<k {
                        let target = row + e * n, a0 = m0[e], a1 = m1[e], a2 = m2[e], a3 = m3[e]
                        for u in 0..<n {
                            target[u] = (((target[u] + a0 * g0[u]) + a1 * g1[u]) + a2 * g2[u]) + a3 * g3[u]
                        }
                    }
                    p += 4
                } else {
                    let gr = g + p * n
                    for e in 0..<k {
                        let me = m[p * k + e], target = row + e * n
                        for u in 0..<n { target[u] += me * gr[u] }
                    }
                    p += 1
                }
            }
        } } }
        return a
    }

    /// R[p, u] = Σ_e A[s(p), en+u] M[p,e].  // [P, n]
    static func right(_ a: Matrix, _ m: Matrix, segments: [Int]) -> Matrix {
        let k = m.cols, n = k == 0 ? 0 : a.cols / k
        return a.storage.withUnsafeBufferPointer { ap in
        m.storage.withUnsafeBufferPointer { mp in
            Matrix(rows: segments.count, cols: n) { out in
                for (p, s) in segments.enumerated() {
                    precondition(s >= 0 && s < a.rows, "segmentContractingEntries: segment \(s) outside 0..<\(a.rows)")
                    let row = ap.baseAddress! + s * n * k, target = out.baseAddress! + p * n
                    let mr = mp.baseAddress! + p * k
                    // Zeroed row by row, where it is summed, rather than the whole matrix at once.
                    target.initialize(repeating: 0, count: n)
                    var e = 0
                    while e + 4 <= k {
                        let s0 = row + e * n, s1 = s0 + n, s2 = s1 + n, s3 = s2 + n
                        let m0 = mr[e], m1 = mr[e + 1], m2 = mr[e + 2], m3 = mr[e + 3]
                        for u in 0..<n {
                            target[u] = (((target[u] + m0 * s0[u]) + m1 * s1[u]) + m2 * s2[u]) + m3 * s3[u]
                        }
                        e += 4
                    }
                    while e < k {
                        let me = mr[e], source = row + e * n
                        for u in 0..<n { target[u] += me * source[u] }
                        e += 1
                    }
                }
            }
        } }
    }

    /// L[p, e] = Σ_u A[s(p), en+u] G[p,u].  // [P, K]
    static func left(_ a: Matrix, _ g: Matrix, segments: [Int]) -> Matrix {
        let n = g.cols, k = n == 0 ? 0 : a.cols / n
        return a.storage.withUnsafeBufferPointer { ap in
        g.storage.withUnsafeBufferPointer { gp in
            Matrix(rows: g.rows, cols: k) { out in
                for (p, s) in segments.enumerated() {
                    precondition(s >= 0 && s < a.rows, "segmentContractingChannels: segment \(s) outside 0..<\(a.rows)")
                    let row = ap.baseAddress! + s * n * k, gr = gp.baseAddress! + p * n
                    let target = out.baseAddress! + p * k
                    var e = 0
                    while e + 4 <= k {
                        let s0 = row + e * n, s1 = s0 + n, s2 = s1 + n, s3 = s2 + n
                        var sum0 = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0
                        for u in 0..<n {
                            let gu = gr[u]
                            sum0 += s0[u] * gu
                            sum1 += s1[u] * gu
                            sum2 += s2[u] * gu
                            sum3 += s3[u] * gu
                        }
                        target[e] = sum0
                        target[e + 1] = sum1
                        target[e + 2] = sum2
                        target[e + 3] = sum3
                        e += 4
                    }
                    while e < k {
                        let source = row + e * n
                        var sum = 0.0
                        for u in 0..<n { sum += source[u] * gr[u] }
                        target[e] = sum
                        e += 1
                    }
                }
            }
        } }
    }
}
