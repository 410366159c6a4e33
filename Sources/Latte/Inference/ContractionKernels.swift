/// A term's contraction of compact tensors into descriptor components, and its adjoint
/// (METHOD.md section 4), on one atom's flat tensor buffer (`TensorLayout`):
///
///     D[out + q] = Σ_j count_j · Π_k A[o_jk + q·s_k]
///     Ā[o_jk + q·s_k] += D̄[out + q] · count_j · Π_{k′≠k} A[o_jk′ + q·s_k′]
///
/// Products are multiplied left to right and summed in the plan's order, as the tape does.
extension KernelTables {
    /// D (descriptorLength doubles at `d`) from A.
    func contract(_ a: UnsafePointer<Double>, into d: UnsafeMutablePointer<Double>) {
        let strides = self.strides.pointer, counts = productCounts.pointer, offsets = productOffsets.pointer
        for term in terms {
            let m = term.bodies
            let s = strides + term.strideStart
            for q in 0..<term.components {
                var sum = 0.0
                for j in 0..<term.productCount {
                    let o = offsets + term.offsetStart + j * m
                    var product = a[o[0] + q * s[0]]
                    for k in 1..<max(m, 1) { product *= a[o[k] + q * s[k]] }
                    let count = counts[term.productStart + j]
                    sum += count == 1 ? product : count * product
                }
                d[term.output + q] = sum
            }
        }
    }

    /// Ā (tensorLength doubles at `ag`, overwritten) from A and D̄ (`dd`).
    func contractionGradient(_ a: UnsafePointer<Double>, descriptorGradient dd: UnsafePointer<Double>,
                             into ag: UnsafeMutablePointer<Double>) {
        ag.update(repeating: 0, count: tensorLength)
        let strides = self.strides.pointer, counts = productCounts.pointer, offsets = productOffsets.pointer
        for term in terms {
            let m = term.bodies
            let s = strides + term.strideStart
            for q in 0..<term.components {
                let dq = dd[term.output + q]
                for j in 0..<term.productCount {
                    let o = offsets + term.offsetStart + j * m
                    let weight = dq * counts[term.productStart + j]
                    switch m {
                    case 1:
                        ag[o[0] + q * s[0]] += weight
                    case 2:
                        let i0 = o[0] + q * s[0], i1 = o[1] + q * s[1]
                        let a0 = a[i0], a1 = a[i1]
                        ag[i0] += weight * a1
                        ag[i1] += weight * a0
                    case 3:
                        let i0 = o[0] + q * s[0], i1 = o[1] + q * s[1], i2 = o[2] + q * s[2]
                        let a0 = a[i0], a1 = a[i1], a2 = a[i2]
                        ag[i0] += weight * (a1 * a2)
                        ag[i1] += weight * (a0 * a2)
                        ag[i2] += weight * (a0 * a1)
                    default:
                        for k in 0..<m {
                            var others = weight
                            for k2 in 0..<m where k2 != k { others *= a[o[k2] + q * s[k2]] }
                            ag[o[k] + q * s[k]] += others
                        }
                    }
                }
            }
        }
    }
}
