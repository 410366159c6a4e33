/// The descriptor of one atom and its adjoint, without a tape (METHOD.md sections 2–4, 6).
///
/// Forward, for centre i of species s and each pair p = (i, j) with v = v_p, r = |v|, r̂ = v/r:
///
///     y_u = (r − c_u)·(1/w_u),  t_u = max(0, 1 − y_u²),  g_u = (σ_u(s, s_j)/c_u²) · t_u³
///     m_p[e] = Π_{a ∈ e} r̂_a                                   (compact entries of rank p)
///     A_u[e] += g_u · m_{rank(u)}[e]                           (only u listed in r's bin)
///     D = contraction of A (`TensorLayout.Contraction`)
///
/// Backward, from Ā = ∂E/∂A (the contraction's adjoint of D̄ = ∂E/∂D):
///
///     ḡ_u = Σ_e Ā_u[e] m[e],   m̄[e] += g_u Ā_u[e],   ∂E/∂r = Σ_u ḡ_u g′_u = Σ_e m[e] Σ_u g′_u Ā_u[e],
///     g′_u = −6 y_u t_u² (1/w_u) σ_u/c_u²,
///     ∂E/∂r̂_a = Σ_e m̄[e] · count_a(e) · m[e without one a]
///     G_p = ∂E/∂v = (∂E/∂r) r̂ + (∂E/∂r̂ − (∂E/∂r̂ · r̂) r̂) / r
///
/// Pairs are read through `PairSource`; per-thread scratch lives in `DescriptorScratch`.
struct PairSource {
    let vectors: UnsafePointer<Double>            // [pairs, 3]
    let neighbourSpecies: UnsafePointer<Int>      // [pairs]
    /// Pair indices ordered by centre; centre i's are order[first[i]..<first[i + 1]].
    let order: UnsafePointer<Int>                 // [pairs]
    let first: UnsafePointer<Int>                 // [atoms + 1]

    /// Runs `body` with a source reading these arrays; centre i's entry of `first` is
    /// `first[i - firstOffset]` (a chunk's table starts at its first centre).
    static func reading<Result>(vectors: [Double], neighbourSpecies: [Int], order: [Int], first: [Int],
                                firstOffset: Int = 0, _ body: (PairSource) -> Result) -> Result {
        PinnedArrays.reading([vectors]) { doubles in
            PinnedArrays.reading([neighbourSpecies, order, first]) { ints in
                body(PairSource(vectors: doubles[0], neighbourSpecies: ints[0], order: ints[1],
                                first: ints[2] - firstOffset))
            }
        }
    }
}

/// Per-thread buffers of the descriptor kernels.
final class DescriptorScratch {
    let radial: KernelBuffer<Double>      // g  [longest list]
    let derivative: KernelBuffer<Double>  // g′ [longest list]
    let monomials: KernelBuffer<Double>   // m  [monomial length], padding stays 0
    let monomialGradient: KernelBuffer<Double>  // m̄ [monomial length]

    init(_ tables: KernelTables) {
        radial = KernelBuffer(zeros: tables.longestList)
        derivative = KernelBuffer(zeros: tables.longestList)
        monomials = KernelBuffer(zeros: tables.monomialLength)
        monomialGradient = KernelBuffer(zeros: tables.monomialLength)
    }
}

extension KernelTables {
    /// Direction monomials of every rank for unit vector u into m.
    @inline(__always)
    func buildMonomials(_ u: SIMD3<Double>, into m: UnsafeMutablePointer<Double>) {
        m[0] = 1
        let targets = ruleTargets.pointer, sources = ruleSources.pointer, axes = ruleAxes.pointer
        for k in 0..<ruleCount { m[targets[k]] = m[sources[k]] * u[axes[k]] }
    }

    /// Σ over the derivative terms `range` of m̄[entry] · count · m[child] (one axis of ∂E/∂r̂).
    @inline(__always)
    private func monomialGradientTerms(_ range: Range<Int>, _ mg: UnsafeMutablePointer<Double>,
                                       _ m: UnsafeMutablePointer<Double>) -> Double {
        let entries = derivativeEntries.pointer, counts = derivativeCounts.pointer, children = derivativeChildren.pointer
        var sum = 0.0
        for d in range { sum += mg[entries[d]] * counts[d] * m[children[d]] }
        return sum
    }

    /// A_i (the `tensorLength` doubles at `tensors`, overwritten) for centre `atom` of species s.
    func accumulateTensors(atom: Int, species s: Int, source: PairSource, tensors a: UnsafeMutablePointer<Double>,
                           scratch: DescriptorScratch) {
        a.update(repeating: 0, count: tensorLength)
        let g = scratch.radial.pointer, m = scratch.monomials.pointer
        for index in source.first[atom]..<source.first[atom + 1] {
            let p = source.order[index]
            let v = SIMD3(source.vectors[3 * p], source.vectors[3 * p + 1], source.vectors[3 * p + 2])
            let r = (v * v).sum().squareRoot()
            buildMonomials(v / r, into: m)
            let list = s * binCount + bin(of: r)
            let start = binStarts.pointer[list], length = binLengths.pointer[list]
            let c = centers.pointer + start, iw = inverseWidths.pointer + start
            let w = weights.pointer + source.neighbourSpecies[p] * binTotal + start
            for k in 0..<length {
                let y = (r - c[k]) * iw[k]
                let t = Swift.max(0, 1 - y * y)
                g[k] = w[k] * (t * t * t)
            }
            let offsets = self.offsets.pointer + start, ends = segmentEnds.pointer + list * rankCount
            var k = 0
            while k < ends[0] { a[Int(offsets[k])] += g[k]; k += 1 }
            for rank in 1..<rankCount {
                let end = ends[rank]
                let mp = m + layout.monomialOffsets[rank]
                switch layout.strides[rank] {
                case 4:
                    let m0 = load4(mp)
                    while k < end {
                        let t = a + Int(offsets[k]), gk = g[k]
                        store4(load4(t) + gk * m0, t)
                        k += 1
                    }
                case 8:
                    let m0 = load4(mp), m1 = load4(mp + 4)
                    while k < end {
                        let t = a + Int(offsets[k]), gk = g[k]
                        store4(load4(t) + gk * m0, t)
                        store4(load4(t + 4) + gk * m1, t + 4)
                        k += 1
                    }
                case 12:
                    let m0 = load4(mp), m1 = load4(mp + 4), m2 = load4(mp + 8)
                    while k < end {
                        let t = a + Int(offsets[k]), gk = g[k]
                        store4(load4(t) + gk * m0, t)
                        store4(load4(t + 4) + gk * m1, t + 4)
                        store4(load4(t + 8) + gk * m2, t + 8)
                        k += 1
                    }
                case let stride:
                    while k < end {
                        let t = a + Int(offsets[k]), gk = g[k]
                        var e = 0
                        while e < stride { store4(load4(t + e) + gk * load4(mp + e), t + e); e += 4 }
                        k += 1
                    }
                }
            }
        }
    }

    /// Pair gradients G_p = ∂E/∂v_p ([pairs, 3] at `gradients`, rows of this atom's pairs
    /// written) for centre `atom` of species s, from Ā (`tensorGradient`).
    func pairGradients(atom: Int, species s: Int, source: PairSource, tensorGradient ag: UnsafePointer<Double>,
                       gradients: UnsafeMutablePointer<Double>, scratch: DescriptorScratch) {
        let g = scratch.radial.pointer, gp = scratch.derivative.pointer
        let m = scratch.monomials.pointer, mg = scratch.monomialGradient.pointer
        for index in source.first[atom]..<source.first[atom + 1] {
            let p = source.order[index]
            let v = SIMD3(source.vectors[3 * p], source.vectors[3 * p + 1], source.vectors[3 * p + 2])
            let r = (v * v).sum().squareRoot()
            let u = v / r
            buildMonomials(u, into: m)
            let list = s * binCount + bin(of: r)
            let start = binStarts.pointer[list], length = binLengths.pointer[list]
            let c = centers.pointer + start, iw = inverseWidths.pointer + start
            let w = weights.pointer + source.neighbourSpecies[p] * binTotal + start
            for k in 0..<length {
                let y = (r - c[k]) * iw[k]
                let t = Swift.max(0, 1 - y * y)
                let t2 = t * t
                g[k] = w[k] * (t2 * t)
                gp[k] = (-6 * w[k] * iw[k]) * (y * t2)
            }
            let offsets = self.offsets.pointer + start, ends = segmentEnds.pointer + list * rankCount
            var dr = 0.0
            var k = 0
            while k < ends[0] { dr += ag[Int(offsets[k])] * gp[k]; k += 1 }
            // Per rank: m̄ = Σ_u g_u Ā_u and S = Σ_u g′_u Ā_u over the listed channels, then
            // ∂E/∂r gains Σ_u ḡ_u g′_u = S · m (no per-channel horizontal sums).
            for rank in 1..<rankCount {
                let end = ends[rank]
                let offset = layout.monomialOffsets[rank]
                let mp = m + offset, mgp = mg + offset
                switch layout.strides[rank] {
                case 4:
                    var d0 = SIMD4<Double>(), s0 = SIMD4<Double>()
                    while k < end {
                        let a0 = load4(ag + Int(offsets[k]))
                        d0 += g[k] * a0
                        s0 += gp[k] * a0
                        k += 1
                    }
                    store4(d0, mgp)
                    dr += (s0 * load4(mp)).sum()
                case 8:
                    var d0 = SIMD4<Double>(), d1 = SIMD4<Double>(), s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
                    while k < end {
                        let t = ag + Int(offsets[k])
                        let a0 = load4(t), a1 = load4(t + 4), gk = g[k], gpk = gp[k]
                        d0 += gk * a0
                        d1 += gk * a1
                        s0 += gpk * a0
                        s1 += gpk * a1
                        k += 1
                    }
                    store4(d0, mgp)
                    store4(d1, mgp + 4)
                    dr += (s0 * load4(mp) + s1 * load4(mp + 4)).sum()
                case 12:
                    var d0 = SIMD4<Double>(), d1 = SIMD4<Double>(), d2 = SIMD4<Double>()
                    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>()
                    while k < end {
                        let t = ag + Int(offsets[k])
                        let a0 = load4(t), a1 = load4(t + 4), a2 = load4(t + 8), gk = g[k], gpk = gp[k]
                        d0 += gk * a0
                        d1 += gk * a1
                        d2 += gk * a2
                        s0 += gpk * a0
                        s1 += gpk * a1
                        s2 += gpk * a2
                        k += 1
                    }
                    store4(d0, mgp)
                    store4(d1, mgp + 4)
                    store4(d2, mgp + 8)
                    dr += (s0 * load4(mp) + s1 * load4(mp + 4) + s2 * load4(mp + 8)).sum()
                case let stride:
                    var e = 0
                    while e < stride { store4(SIMD4(), mgp + e); e += 4 }
                    var sum = SIMD4<Double>()
                    while k < end {
                        let t = ag + Int(offsets[k])
                        e = 0
                        while e < stride {
                            let ae = load4(t + e)
                            store4(load4(mgp + e) + g[k] * ae, mgp + e)
                            sum += gp[k] * (ae * load4(mp + e))
                            e += 4
                        }
                        k += 1
                    }
                    dr += sum.sum()
                }
            }
            let du = SIMD3(monomialGradientTerms(0..<derivativeEnds.0, mg, m),
                           monomialGradientTerms(derivativeEnds.0..<derivativeEnds.1, mg, m),
                           monomialGradientTerms(derivativeEnds.1..<derivativeEnds.2, mg, m))
            let G = dr * u + (du - (du * u).sum() * u) / r
            gradients[3 * p] = G.x
            gradients[3 * p + 1] = G.y
            gradients[3 * p + 2] = G.z
        }
    }
}
