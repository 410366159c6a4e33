import Linalg

extension SeededGenerator {
    /// 0..<count in a random order: Fisher–Yates, swapping position i with one drawn from
    /// 0...i as `next() % (i + 1)`. Written out rather than `shuffle(using:)` so that the order
    /// a seed gives cannot change with the standard library's version.
    public mutating func permutation(_ count: Int) -> [Int] {
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(next() % UInt64(i + 1)))
        }
        return order
    }
}
