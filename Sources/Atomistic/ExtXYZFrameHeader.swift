/// What an extxyz comment line says about its frame: cell, periodicity, per-frame labels, the
/// `Properties` value, and every other key=value as raw text.
struct ExtXYZFrameHeader {
    /// The comment-line keys with a meaning, as bytes for comparison without allocation.
    struct Keys {
        let energy: [UInt8]
        let stress: [UInt8]
        let virial: [UInt8]
        static let lattice = Array("Lattice".utf8)
        static let properties = Array("Properties".utf8)
        static let pbc = Array("pbc".utf8)

        init(options: ExtXYZ.ReadOptions) {
            energy = Array(options.energyKey.utf8)
            stress = Array(options.stressKey.utf8)
            virial = Array(options.virialKey.utf8)
        }
    }

    var cell: Cell?
    var pbc: [Bool]
    var energy: Double?
    var stress: [Double]?
    var virial: [Double]?
    var properties: String
    var info: [String: String] = [:]

    init(comment: ExtXYZCommentLine, keys: Keys) throws(MessageError) {
        let lattice = comment.index(of: Keys.lattice)
        let pbcIndex = comment.index(of: Keys.pbc)
        let propertiesIndex = comment.index(of: Keys.properties)
        let energyIndex = comment.index(of: keys.energy)
        let stressIndex = comment.index(of: keys.stress)
        let virialIndex = comment.index(of: keys.virial)

        if let pbcIndex {
            pbc = try Self.booleans(comment, pbcIndex)
        } else {
            pbc = Array(repeating: lattice != nil, count: 3)
        }
        if let lattice {
            let numbers = try Self.numbers(comment, lattice, counts: [9])
            let candidate = Cell(a: SIMD3(numbers[0], numbers[1], numbers[2]),
                                 b: SIMD3(numbers[3], numbers[4], numbers[5]),
                                 c: SIMD3(numbers[6], numbers[7], numbers[8]))
            if numbers.allSatisfy({ $0 == 0 }) && !pbc.contains(true) {
                cell = nil
            } else if candidate.isDegenerate {
                throw MessageError("Lattice=\"\(comment.valueString(lattice))\" has zero volume "
                                   + "(its vectors do not span space)")
            } else {
                cell = candidate
            }
        } else if pbc.contains(true) {
            throw MessageError("pbc=\"\(comment.valueString(pbcIndex!))\" is periodic but the "
                               + "frame has no Lattice")
        }
        properties = propertiesIndex.map(comment.valueString) ?? ExtXYZColumns.plainXYZ
        if let energyIndex {
            energy = try Self.numbers(comment, energyIndex, counts: [1])[0]
        }
        if let stressIndex {
            stress = try Self.tensor(comment, stressIndex)
        }
        if let virialIndex {
            virial = try Self.tensor(comment, virialIndex)
        }
        let consumed = [lattice, pbcIndex, propertiesIndex, energyIndex, stressIndex, virialIndex]
        for (index, pair) in comment.pairs.enumerated() where !consumed.contains(index) {
            info[comment.string(pair.key)] = comment.valueString(index)
        }
    }

    /// A 3×3 tensor given as 9 numbers in Fortran order (as ASE reads `stress` and `virial`)
    /// or 6 in Voigt order, as 9 numbers row-major.
    private static func tensor(_ comment: ExtXYZCommentLine, _ index: Int) throws(MessageError)
        -> [Double]
    {
        let v = try numbers(comment, index, counts: [9, 6])
        if v.count == 6 { return Structure.fullTensor(voigt: v) }
        return [v[0], v[3], v[6],
                v[1], v[4], v[7],
                v[2], v[5], v[8]]
    }

    /// The value of pair `index` as finite numbers, with one of the allowed counts.
    private static func numbers(
        _ comment: ExtXYZCommentLine, _ index: Int, counts: [Int]
    ) throws(MessageError) -> [Double] {
        let key = comment.string(comment.pairs[index].key)
        let items = comment.items(index)
        guard counts.contains(items.count) else {
            let expected = counts.map(String.init).joined(separator: " or ")
            throw MessageError("\(key)=\"\(comment.valueString(index))\" has \(items.count) "
                               + "numbers, expected \(expected)")
        }
        var values: [Double] = []
        values.reserveCapacity(items.count)
        for item in items {
            let value = comment.withBytes(item) { DecimalParsing.double($0, count: $1) }
            guard let value, value.isFinite else {
                throw MessageError("\(key): '\(comment.string(item))' is not a finite number")
            }
            values.append(value)
        }
        return values
    }

    /// `pbc` as three booleans: `T`/`F`/`True`/`False`/`true`/`false`/`TRUE`/`FALSE`, one value
    /// for all axes or three.
    private static func booleans(_ comment: ExtXYZCommentLine, _ index: Int) throws(MessageError)
        -> [Bool]
    {
        let words = comment.items(index).map(comment.string)
        let values = words.compactMap { word -> Bool? in
            switch word {
            case "T", "True", "true", "TRUE": return true
            case "F", "False", "false", "FALSE": return false
            default: return nil
            }
        }
        guard values.count == words.count, values.count == 1 || values.count == 3 else {
            throw MessageError("pbc=\"\(comment.valueString(index))\" is not three (or one) of "
                               + "T/F")
        }
        return values.count == 1 ? Array(repeating: values[0], count: 3) : values
    }
}
