/// The key=value pairs of one extxyz comment line, parsed the way ASE's
/// `key_val_str_to_dict` reads them.
///
/// - Pairs are separated by whitespace; spaces around `=` are allowed.
/// - A value (or key) may be quoted with `"…"`, `'…'`, `{…}` or `[…]`; quotes may start inside a
///   token; a backslash takes the next character literally, inside quotes too.
/// - A key without `=` gets the value `T` (ASE: "a missing value defaults to True").
/// - Unlike ASE: an unterminated quote, an empty key or a repeated key is an error.
///
/// Keys and values are unescaped into one reusable byte buffer so that a frame costs no
/// allocation beyond the strings kept in `Structure.info`.
struct ExtXYZCommentLine {
    struct Pair {
        var key: Range<Int>
        /// nil when the key had no `=`.
        var value: Range<Int>?
    }

    private(set) var bytes: [UInt8] = []
    private(set) var pairs: [Pair] = []

    /// Parses the line in `line`; throws a message (without location) on malformed text.
    mutating func parse(_ line: UnsafeBufferPointer<UInt8>) throws(MessageError) {
        bytes.removeAll(keepingCapacity: true)
        pairs.removeAll(keepingCapacity: true)
        var i = 0
        let end = line.count
        while true {
            while i < end && isSpace(line[i]) { i += 1 }
            if i == end { break }
            let keyStart = bytes.count
            i = try readToken(line, from: i, stopAtEquals: true)
            let key = keyStart..<bytes.count
            if key.isEmpty {
                throw MessageError("comment line: '=' without a key before it")
            }
            var j = i
            while j < end && isSpace(line[j]) { j += 1 }
            if j < end && line[j] == UInt8(ascii: "=") {
                j += 1
                while j < end && isSpace(line[j]) { j += 1 }
                let valueStart = bytes.count
                i = try readToken(line, from: j, stopAtEquals: false)
                pairs.append(Pair(key: key, value: valueStart..<bytes.count))
            } else {
                pairs.append(Pair(key: key, value: nil))
            }
            if let twin = pairs.dropLast().first(where: { equal($0.key, key) }) {
                throw MessageError("comment line: key '\(string(twin.key))' appears twice")
            }
        }
    }

    /// The index of the pair whose key is exactly `name`, or nil.
    func index(of name: [UInt8]) -> Int? {
        pairs.firstIndex { pair in
            pair.key.count == name.count && bytes[pair.key].elementsEqual(name)
        }
    }

    /// The bytes of a key or value range.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The value of pair `index` as text (`"T"` for a key without a value).
    func valueString(_ index: Int) -> String {
        pairs[index].value.map(string) ?? "T"
    }

    /// The value of pair `index` split at whitespace and commas (ASE splits numeric and boolean
    /// lists so: `[T, T, T]` and `"T T T"` alike).
    func items(_ index: Int) -> [Range<Int>] {
        guard let value = pairs[index].value else { return [] }
        var items: [Range<Int>] = []
        var start: Int? = nil
        for k in value {
            let separator = isSpace(bytes[k]) || bytes[k] == UInt8(ascii: ",")
            if separator {
                if let s = start { items.append(s..<k); start = nil }
            } else if start == nil {
                start = k
            }
        }
        if let s = start { items.append(s..<value.upperBound) }
        return items
    }

    /// Runs `body` with a pointer to the bytes of `range`.
    func withBytes<R>(_ range: Range<Int>, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        bytes.withUnsafeBufferPointer { body($0.baseAddress! + range.lowerBound, range.count) }
    }

    private func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        a.count == b.count && bytes[a].elementsEqual(bytes[b])
    }

    /// Appends the unescaped token starting at `start` to `bytes`; returns the index after it.
    private mutating func readToken(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, stopAtEquals: Bool
    ) throws(MessageError) -> Int {
        var i = start
        let end = line.count
        while i < end {
            let c = line[i]
            if c == UInt8(ascii: "\\") {
                if i + 1 < end { bytes.append(line[i + 1]) }
                i += 2
                continue
            }
            if let closing = closingQuote(c) {
                i += 1
                var closed = false
                while i < end {
                    let q = line[i]
                    if q == UInt8(ascii: "\\") {
                        if i + 1 < end { bytes.append(line[i + 1]) }
                        i += 2
                    } else if q == closing {
                        i += 1
                        closed = true
                        break
                    } else {
                        bytes.append(q)
                        i += 1
                    }
                }
                if !closed {
                    let text = String(decoding: line[start..<end], as: UTF8.self)
                    throw MessageError("comment line: unterminated quote in \(text)")
                }
                continue
            }
            if isSpace(c) || (stopAtEquals && c == UInt8(ascii: "=")) { break }
            bytes.append(c)
            i += 1
        }
        return min(i, end)
    }

    private func closingQuote(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "\""): return UInt8(ascii: "\"")
        case UInt8(ascii: "'"): return UInt8(ascii: "'")
        case UInt8(ascii: "{"): return UInt8(ascii: "}")
        case UInt8(ascii: "["): return UInt8(ascii: "]")
        default: return nil
        }
    }
}

/// A problem description without its location; the frame parser adds file, line and frame.
struct MessageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Whitespace as Python's `str.split()` sees it in ASCII: space, tab, CR, LF, VT, FF.
@inline(__always)
func isSpace(_ c: UInt8) -> Bool {
    c == 0x20 || (c >= 0x09 && c <= 0x0D)
}
