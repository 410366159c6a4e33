/// A fixed-size buffer with a stable address, for the inference kernels: allocated once,
/// read and written through `pointer` in loops that must not retain, check bounds or copy on
/// write. Contents start zeroed.
final class KernelBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    init(count: Int, repeating value: Element) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: max(count, 1))
    }

    convenience init(_ values: [Element], padding: Element) {
        self.init(count: values.count, repeating: padding)
        for (i, v) in values.enumerated() { pointer[i] = v }
    }

    deinit { pointer.deallocate() }
}

extension KernelBuffer where Element == Double {
    convenience init(zeros count: Int) { self.init(count: count, repeating: 0) }
}

/// SIMD4 loads and stores at any address (the buffers are 8-byte aligned only).
@inline(__always)
func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
func load4(_ p: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
}

@inline(__always)
func store4(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
}
