import Autodiff
import Linalg

/// A term's contraction (METHOD.md section 4) as one fused tape operation. The term is read
/// as a multilinear form of m + 1 slots: its m bodies' compact tensors X_k [atoms, n·K_k]
/// (column q·K_k + e) and the descriptor slot m [atoms, n] (K = 1):
///
///     Σ_j count_j · Π_{k ≤ m} X_k[i, q·K_k + e_jk]      (e_jm = 0; `ContractionPlan` products)
///
/// Any slot o is computed from the others by dropping its factor:
///
///     out_o[i, q·K_o + e] = Σ_{j: e_jo = e} count_j · Π_{k ≠ o} X_k[i, q·K_k + e_jk]
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

    func evaluate(output o: Int, inputs: [Matrix], slots: [Int]) -> Matrix {
        let atoms = inputs[0].rows, n = components, m1 = slotCount, inputCount = inputs.count
        let outWidth = entryCounts[o]
        var out = Matrix(rows: atoms, cols: n * outWidth)
        // Per product: its count, its output entry, and for each input the entry it reads.
        let outEntries = counts.indices.map { entries[$0 * m1 + o] }
        let inEntries = counts.indices.flatMap { j in slots.map { entries[j * m1 + $0] } }
        let widths = slots.map { entryCounts[$0] }
        // The inputs side by side (a copy: small next to the products, and no pointer escapes).
        var starts: [Int] = [], flat: [Double] = []
        for input in inputs { starts.append(flat.count); flat += input.storage }
        flat.withUnsafeBufferPointer { flat in
            let sources = starts.map { flat.baseAddress! + $0 }
            counts.withUnsafeBufferPointer { counts in
            outEntries.withUnsafeBufferPointer { outEntries in
            inEntries.withUnsafeBufferPointer { inEntries in
            widths.withUnsafeBufferPointer { widths in
            out.storage.withUnsafeMutableBufferPointer { target in
                for iq in 0..<(atoms * n) {
                    let row = target.baseAddress! + iq * outWidth
                    switch inputCount {
                    case 1:
                        let x0 = sources[0] + iq * widths[0]
                        for j in 0..<counts.count { row[outEntries[j]] += counts[j] * x0[inEntries[j]] }
                    case 2:
                        let x0 = sources[0] + iq * widths[0], x1 = sources[1] + iq * widths[1]
                        for j in 0..<counts.count {
                            row[outEntries[j]] += counts[j] * x0[inEntries[2 * j]] * x1[inEntries[2 * j + 1]]
                        }
                    default:
                        for j in 0..<counts.count {
                            var product = counts[j]
                            for k in 0..<inputCount { product *= sources[k][iq * widths[k] + inEntries[j * inputCount + k]] }
                            row[outEntries[j]] += product
                        }
                    }
                }
            } } } } }
        }
        return out
    }
}
