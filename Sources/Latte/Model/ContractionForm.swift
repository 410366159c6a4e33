import Autodiff
import Linalg

/// A term's contraction (METHOD.md section 4) as one fused tape operation. The term is read
/// as a multilinear form of m + 1 slots: its m bodies' compact tensors X_k [atoms, K_k·n]
/// (column e·n + q, as `segmentOuterSum` makes them) and the descriptor slot m [atoms, n]
/// (K = 1):
///
///     Σ_j count_j · Π_{k ≤ m} X_k[i, e_jk·n + q]      (e_jm = 0; `ContractionPlan` products)
///
/// Any slot o is computed from the others by dropping its factor:
///
///     out_o[i, e·n + q] = Σ_{j: e_jo = e} count_j · Π_{k ≠ o} X_k[i, e_jk·n + q]
///
/// D is slot m from the bodies. The gradient with respect to an input slot l is slot l
/// computed with slot o filled by the upstream gradient, the same operation again, so
/// contractions can be differentiated to any order.
struct ContractionForm: Sendable {
    let components: Int
    /// K per slot; the last (the descriptor) is 1.
    let entryCounts: [Int]
    let counts: [Double]
    /// Products' entries, slot-major: entries[j·(m + 1) + k].
    let entries: [Int]

    var slotCount: Int { entryCounts.count }

    init(term: DescriptorTerm) {
        let plan = ContractionPlan(term: term)
        components = term.componentCount
        entryCounts = term.bodies.map { ($0.rank + 1) * ($0.rank + 2) / 2 } + [1]
        counts = plan.products.map { Double($0.count) }
        entries = plan.products.flatMap { $0.entries + [0] }
    }

    /// The descriptor components of the term from its bodies' tensors.  // [atoms, n]
    func descriptor(_ bodies: [Variable]) -> Variable {
        apply(output: slotCount - 1, inputs: bodies, slots: Array(0..<(slotCount - 1)))
    }

    /// Slot `o` from `inputs`, which fill `slots` (every slot but o, in any order).
    func apply(output o: Int, inputs: [Variable], slots: [Int]) -> Variable {
        let value = evaluate(output: o, inputs: inputs.map(\.value), slots: slots)
        let form = self
        return inputs[0].tape.record(value, inputs: inputs) { g, x, _, needed in
            (0..<x.count).map { k in
                guard needed[k] else { return nil }
                var others = x, otherSlots = slots
                others[k] = g
                otherSlots[k] = o
                return form.apply(output: slots[k], inputs: others, slots: otherSlots)
            }
        }
    }

    /// The loops run over an atom's n components, contiguous in every slot.
    func evaluate(output o: Int, inputs: [Matrix], slots: [Int]) -> Matrix {
        let atoms = inputs[0].rows, n = components, m1 = slotCount, inputCount = inputs.count
        let outWidth = entryCounts[o] * n
        var out = Matrix(rows: atoms, cols: outWidth)
        // Per product: its count, the output column block and each input's column block.
        let outBlocks = counts.indices.map { entries[$0 * m1 + o] * n }
        let inBlocks = counts.indices.flatMap { j in slots.map { entries[j * m1 + $0] * n } }
        let widths = slots.map { entryCounts[$0] * n }
        // The inputs side by side (a copy: small next to the products, and no pointer escapes).
        var starts: [Int] = [], flat: [Double] = []
        for input in inputs { starts.append(flat.count); flat += input.storage }
        flat.withUnsafeBufferPointer { flat in
        out.storage.withUnsafeMutableBufferPointer { target in
            let sources = starts.map { flat.baseAddress! + $0 }
            for i in 0..<atoms {
                let row = target.baseAddress! + i * outWidth
                func rowOf(_ k: Int) -> UnsafePointer<Double> { sources[k] + i * widths[k] }
                for (j, count) in counts.enumerated() {
                    let o = row + outBlocks[j]
                    switch inputCount {
                    case 1:
                        let x0 = rowOf(0) + inBlocks[j]
                        for q in 0..<n { o[q] += count * x0[q] }
                    case 2:
                        let x0 = rowOf(0) + inBlocks[2 * j], x1 = rowOf(1) + inBlocks[2 * j + 1]
                        for q in 0..<n { o[q] += count * x0[q] * x1[q] }
                    case 3:
                        let x0 = rowOf(0) + inBlocks[3 * j], x1 = rowOf(1) + inBlocks[3 * j + 1]
                        let x2 = rowOf(2) + inBlocks[3 * j + 2]
                        for q in 0..<n { o[q] += count * x0[q] * x1[q] * x2[q] }
                    default:
                        for q in 0..<n {
                            var product = count
                            for k in 0..<inputCount { product *= rowOf(k)[inBlocks[j * inputCount + k] + q] }
                            o[q] += product
                        }
                    }
                }
            }
        } }
        return out
    }
}
