#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads extxyz frames from bytes: one pass, one line at a time, numbers parsed in place.
/// See `ExtXYZ` for the accepted dialect; every failure is an `InputError` with file, line
/// and frame.
struct ExtXYZReader {
    let source: String
    let text: UnsafeBufferPointer<UInt8>
    let options: ExtXYZ.ReadOptions
    private var cursor = 0
    /// Number of the line most recently returned by `nextLine()`.
    private var lineNumber = 0
    private var frame = 0
    private var comment = ExtXYZCommentLine()
    private let keys: ExtXYZFrameHeader.Keys
    private var cachedColumns: (properties: String, columns: ExtXYZColumns)?
    private var firstCommentLine = 2
    private var seen = (energy: false, forces: false, stress: false, virial: false)

    init(source: String, text: UnsafeBufferPointer<UInt8>, options: ExtXYZ.ReadOptions) {
        self.source = source
        self.text = text
        self.options = options
        keys = ExtXYZFrameHeader.Keys(options: options)
    }

    mutating func readAll() throws(InputError) -> [Structure] {
        var structures: [Structure] = []
        while !restIsBlank() {
            frame += 1
            structures.append(try readFrame())
        }
        guard !structures.isEmpty else {
            throw InputError(file: source, message: "no frames: the file is empty")
        }
        try checkRequestedKeysWereSeen()
        return structures
    }

    // MARK: Frames

    private mutating func readFrame() throws(InputError) -> Structure {
        let countLine = nextLine()!
        let atomCount = try parseAtomCount(countLine)
        guard let commentText = nextLine() else {
            throw fail("file ends before the comment line", line: lineNumber + 1)
        }
        if frame == 1 { firstCommentLine = lineNumber }
        let commentLine = lineNumber
        let frameHeader: ExtXYZFrameHeader
        let columns: ExtXYZColumns
        do throws(MessageError) {
            try comment.parse(commentText)
            frameHeader = try ExtXYZFrameHeader(comment: comment, keys: keys)
            columns = try self.columns(for: frameHeader.properties)
        } catch {
            throw fail(error.message, line: commentLine)
        }
        seen.energy = seen.energy || frameHeader.energy != nil
        seen.forces = seen.forces || columns.forcesColumn != nil
        seen.stress = seen.stress || frameHeader.stress != nil
        seen.virial = seen.virial || frameHeader.virial != nil
        if options.requireLabels {
            if frameHeader.energy == nil {
                throw fail("no energy: the comment line has no '\(options.energyKey)' key"
                           + " (labels are required)", line: commentLine)
            }
            if columns.forcesColumn == nil {
                throw fail("no forces: Properties=\(columns.description) has no '"
                           + "\(options.forcesKey)' column (labels are required)",
                           line: commentLine)
            }
        }

        let atoms = try readAtoms(atomCount, columns: columns)
        let structure = Structure(
            species: atoms.species, positions: atoms.positions, cell: frameHeader.cell,
            pbc: frameHeader.pbc, energy: frameHeader.energy, forces: atoms.forces,
            stress: frameHeader.stress, virial: frameHeader.virial, info: frameHeader.info)
        if let contact = structure.closeContact(within: options.minimumSeparation) {
            throw fail(contact.message(minimum: options.minimumSeparation),
                       line: commentLine + 1 + contact.second)
        }
        return structure
    }

    private func parseAtomCount(_ line: UnsafeBufferPointer<UInt8>) throws(InputError) -> Int {
        let token = trimmed(line)
        if let count = token.withPointer({ DecimalParsing.integer($0, count: $1) }), count >= 0 {
            return count
        }
        let found = token.isEmpty ? "a blank line" : "'\(token.string)'"
        var message = "expected the atom count (a non-negative integer), found \(found)"
        if frame > 1 && !token.isEmpty {
            message += "; does frame \(frame - 1) have more atom lines than its count says?"
        }
        throw fail(message, line: lineNumber)
    }

    private mutating func columns(for properties: String) throws(MessageError) -> ExtXYZColumns {
        if let cached = cachedColumns, cached.properties == properties { return cached.columns }
        let columns = try ExtXYZColumns(properties: properties, forcesKey: options.forcesKey)
        cachedColumns = (properties, columns)
        return columns
    }

    // MARK: Atom lines

    private struct Atoms {
        var species: [String] = []
        var positions: [SIMD3<Double>] = []
        var forces: [SIMD3<Double>]?
    }

    private mutating func readAtoms(_ count: Int, columns: ExtXYZColumns) throws(InputError)
        -> Atoms
    {
        // An atom line takes at least 8 bytes ("H 0 0 0\n"): a corrupt count cannot make the
        // reader reserve more memory than the file could fill.
        let capacity = min(count, (text.count - cursor) / 8 + 1)
        var atoms = Atoms()
        atoms.species.reserveCapacity(capacity)
        atoms.positions.reserveCapacity(capacity)
        let hasForces = columns.forcesColumn != nil
        var forces: [SIMD3<Double>] = []
        if hasForces { forces.reserveCapacity(capacity) }
        let tokens = columns.tokens
        for index in 0..<count {
            guard let line = nextLine() else {
                throw fail("expected \(count) atoms, file ends after \(index)",
                           line: lineNumber + 1)
            }
            var position = SIMD3<Double>()
            var force = SIMD3<Double>()
            var z = 0
            var symbol = 0
            var i = 0
            let end = line.count
            let base = line.baseAddress!
            for (column, token) in tokens.enumerated() {
                while i < end && isSpace(base[i]) { i += 1 }
                let start = i
                while i < end && !isSpace(base[i]) { i += 1 }
                let length = i - start
                if length == 0 {
                    throw fewColumns(line, count: count, index: index, found: column,
                                     columns: columns)
                }
                let p = base + start
                switch token {
                case .species:
                    guard let number = Element.atomicNumber(
                        ofSymbol: p, count: length, normalisingCase: true)
                    else {
                        throw earlyFrameHeader(line, count: count, index: index)
                            ?? fail("atom \(index + 1): unknown element '\(bytesText(p, length))'",
                                    line: lineNumber)
                    }
                    symbol = number
                case .positionX, .positionY, .positionZ:
                    position[Int(token.rawValue - ExtXYZColumns.Token.positionX.rawValue)] =
                        try real(p, length, column: column, columns: columns, atom: index)
                case .forceX, .forceY, .forceZ:
                    force[Int(token.rawValue - ExtXYZColumns.Token.forceX.rawValue)] =
                        try real(p, length, column: column, columns: columns, atom: index)
                case .atomicNumber:
                    guard let value = DecimalParsing.integer(p, count: length),
                          Element(atomicNumber: value) != nil
                    else {
                        throw fail("atom \(index + 1): column \(columns.columnNames[column]): '"
                                   + "\(bytesText(p, length))' is not an atomic number 1...118",
                                   line: lineNumber)
                    }
                    z = value
                case .skipReal:
                    _ = try real(p, length, column: column, columns: columns, atom: index)
                case .skipInteger:
                    guard DecimalParsing.integer(p, count: length) != nil else {
                        throw badToken(p, length, "an integer", column, columns, index)
                    }
                case .skipLogical:
                    guard isLogical(p, length) else {
                        throw badToken(p, length, "T or F", column, columns, index)
                    }
                case .skipString:
                    break
                }
            }
            while i < end && isSpace(base[i]) { i += 1 }
            if i < end {
                throw fail("atom \(index + 1): more than the \(tokens.count) columns of "
                           + "Properties=\(columns.description)", line: lineNumber)
            }
            if columns.hasAtomicNumbers {
                if columns.hasSpecies && z != symbol {
                    throw fail("atom \(index + 1): species \(Element.symbols[symbol - 1]) but "
                               + "atomic number \(z)", line: lineNumber)
                }
                symbol = z
            }
            atoms.species.append(Element.symbols[symbol - 1])
            atoms.positions.append(position)
            if hasForces { forces.append(force) }
        }
        if hasForces { atoms.forces = forces }
        return atoms
    }

    @inline(__always)
    private func real(
        _ p: UnsafePointer<UInt8>, _ length: Int, column: Int, columns: ExtXYZColumns, atom: Int
    ) throws(InputError) -> Double {
        if let value = DecimalParsing.double(p, count: length), value.isFinite { return value }
        throw badToken(p, length, "a finite number", column, columns, atom)
    }

    private func badToken(
        _ p: UnsafePointer<UInt8>, _ length: Int, _ expected: String, _ column: Int,
        _ columns: ExtXYZColumns, _ atom: Int
    ) -> InputError {
        fail("atom \(atom + 1): column \(columns.columnNames[column]): '\(bytesText(p, length))' is "
             + "not \(expected)", line: lineNumber)
    }

    private func fewColumns(
        _ line: UnsafeBufferPointer<UInt8>, count: Int, index: Int, found: Int,
        columns: ExtXYZColumns
    ) -> InputError {
        if let early = earlyFrameHeader(line, count: count, index: index) { return early }
        return fail("atom \(index + 1): \(found) columns, expected \(columns.tokens.count) "
                    + "(Properties=\(columns.description))", line: lineNumber)
    }

    /// The error for an atom line that is a bare integer: most likely the next frame's atom
    /// count, reached because this frame has fewer atoms than its count says.
    private func earlyFrameHeader(_ line: UnsafeBufferPointer<UInt8>, count: Int, index: Int)
        -> InputError?
    {
        let token = trimmed(line)
        guard let next = token.withPointer({ DecimalParsing.integer($0, count: $1) }) else {
            return nil
        }
        return fail("expected \(count) atoms, found \(index) before '\(next)' (the next "
                    + "frame's atom count?)", line: lineNumber)
    }

    private func isLogical(_ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        ["T", "F", "True", "False"].contains(bytesText(p, length))
    }

    // MARK: Keys asked for by name

    private func checkRequestedKeysWereSeen() throws(InputError) {
        let checks: [(seen: Bool, key: String, conventional: [String], what: String)] = [
            (seen.energy, options.energyKey, ["energy"], "energy key"),
            (seen.forces, options.forcesKey, ["forces"], "forces column"),
            (seen.stress, options.stressKey, ["stress"], "stress key"),
            (seen.virial, options.virialKey, ["virial"], "virial key"),
        ]
        for check in checks where !check.seen && !check.conventional.contains(check.key) {
            throw InputError(file: source, line: firstCommentLine, frame: 1,
                             message: "no frame has the \(check.what) '\(check.key)'")
        }
    }

    // MARK: Lines

    /// The next line without its newline, or nil at the end of the text.
    private mutating func nextLine() -> UnsafeBufferPointer<UInt8>? {
        guard cursor < text.count, let base = text.baseAddress else { return nil }
        let start = base + cursor
        let remaining = text.count - cursor
        let length: Int
        if let newline = memchr(start, 0x0A, remaining) {
            length = UnsafePointer(newline.assumingMemoryBound(to: UInt8.self)) - start
            cursor += length + 1
        } else {
            length = remaining
            cursor = text.count
        }
        lineNumber += 1
        return UnsafeBufferPointer(start: start, count: length)
    }

    /// True when only whitespace is left.
    private func restIsBlank() -> Bool {
        var i = cursor
        while i < text.count {
            if !isSpace(text[i]) { return false }
            i += 1
        }
        return true
    }

    private func fail(_ message: String, line: Int) -> InputError {
        InputError(file: source, line: line, frame: frame, message: message)
    }
}

/// A byte range shown in messages.
private func bytesText(_ p: UnsafePointer<UInt8>, _ length: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: p, count: length), as: UTF8.self)
}

private struct TrimmedLine {
    let buffer: UnsafeBufferPointer<UInt8>
    var isEmpty: Bool { buffer.isEmpty }
    var string: String { String(decoding: buffer, as: UTF8.self) }
    func withPointer<R>(_ body: (UnsafePointer<UInt8>, Int) -> R?) -> R? {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
        return body(base, buffer.count)
    }
}

/// The line without leading and trailing whitespace.
private func trimmed(_ line: UnsafeBufferPointer<UInt8>) -> TrimmedLine {
    var start = 0, end = line.count
    while start < end && isSpace(line[start]) { start += 1 }
    while end > start && isSpace(line[end - 1]) { end -= 1 }
    return TrimmedLine(buffer: UnsafeBufferPointer(rebasing: line[start..<end]))
}
