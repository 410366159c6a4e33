/// Arrays the kernels borrow (inputs they are given, outputs they return as arrays), handed to
/// raw-pointer loops several at a time: one call in place of one nested `withUnsafe…Pointer`
/// closure per array. What a kernel allocates for itself lives in a `KernelBuffer` instead.
///
/// The pointers are valid only inside `body`, in the order of `arrays`; name them on the first
/// line of `body` (`let vectors = doubles[0], ...`). An empty array has no storage of its own
/// and gets `emptyStorage`: a real address, never read, since the kernels read only an array's
/// `count` elements.
enum PinnedArrays {
    /// Read-only element storage of `arrays`.
    static func reading<Element, Result>(_ arrays: [[Element]],
                                         _ body: ([UnsafePointer<Element>]) -> Result) -> Result {
        var pointers: [UnsafePointer<Element>] = []
        pointers.reserveCapacity(arrays.count)
        return pin(arrays[...], &pointers, body)
    }

    /// Writable element storage of `arrays`, written in place (no copy when each array's storage
    /// is referenced only from `arrays`, as for arrays made just before).
    static func writing<Element, Result>(_ arrays: inout [[Element]],
                                         _ body: ([UnsafeMutablePointer<Element>]) -> Result) -> Result {
        var pointers: [UnsafeMutablePointer<Element>] = []
        pointers.reserveCapacity(arrays.count)
        return pinMutable(&arrays, 0, &pointers, body)
    }

    /// 64 bytes, never read or written: the address given to an empty array.
    nonisolated(unsafe) private static let emptyStorage = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)

    private static func pin<Element, Result>(_ rest: ArraySlice<[Element]>, _ pointers: inout [UnsafePointer<Element>],
                                             _ body: ([UnsafePointer<Element>]) -> Result) -> Result {
        guard let array = rest.first else { return body(pointers) }
        return array.withUnsafeBufferPointer { buffer in
            pointers.append(buffer.baseAddress ?? UnsafePointer(emptyStorage.assumingMemoryBound(to: Element.self)))
            return pin(rest.dropFirst(), &pointers, body)
        }
    }

    /// Array k is moved out of `arrays` while it is pinned (so that pinning it does not copy it
    /// and does not overlap the access to `arrays` of the next level), then moved back.
    private static func pinMutable<Element, Result>(_ arrays: inout [[Element]], _ k: Int,
                                                    _ pointers: inout [UnsafeMutablePointer<Element>],
                                                    _ body: ([UnsafeMutablePointer<Element>]) -> Result) -> Result {
        guard k < arrays.count else { return body(pointers) }
        var array: [Element] = []
        swap(&array, &arrays[k])
        defer { swap(&array, &arrays[k]) }
        return array.withUnsafeMutableBufferPointer { buffer in
            pointers.append(buffer.baseAddress ?? emptyStorage.assumingMemoryBound(to: Element.self))
            return pinMutable(&arrays, k + 1, &pointers, body)
        }
    }
}
