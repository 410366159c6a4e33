import Linalg

/// Row gathers and segment sums (pair ↔ atom), column slices and concatenation.
/// All are linear; each backward rule is the adjoint map:
///   gather ↔ scatter-add, slice ↔ zero-padding, concatenation → slices.
extension Variable {
    /// out[p] = self[indices[p]], [indices.count, cols] (e.g. atom rows to pair rows).
    public func gatheringRows(_ indices: [Int]) -> Variable {
        let sourceRows = rows
        return tape.record(value.gatheringRows(indices), inputs: [self]) { g, _, _, _ in
            [g.scatterAddingRows(into: indices, count: sourceRows)]
        }
    }

    /// out[s] = Σ_{p : segments[p] = s} self[p], [count, cols] (e.g. pair rows summed per atom).
    public func scatterAddingRows(into segments: [Int], count: Int) -> Variable {
        tape.record(value.scatterAddingRows(into: segments, count: count), inputs: [self]) { g, _, _, _ in
            [g.gatheringRows(segments)]
        }
    }

    /// Columns `range`, [rows, range.count].
    public func columns(_ range: Range<Int>) -> Variable {
        if range == 0..<cols { return self }
        let width = cols
        return tape.record(value.columns(range), inputs: [self]) { g, _, _, _ in
            [g.paddingColumns(offset: range.lowerBound, width: width)]
        }
    }

    /// Placed at columns offset..<offset+cols of a zero matrix `width` wide.
    public func paddingColumns(offset: Int, width: Int) -> Variable {
        if offset == 0 && width == cols { return self }
        let ownWidth = cols
        return tape.record(value.paddingColumns(offset: offset, width: width), inputs: [self]) { g, _, _, _ in
            [g.columns(offset..<(offset + ownWidth))]
        }
    }
}

/// The parts side by side, [rows, Σ cols].
public func concatenateColumns(_ parts: [Variable]) -> Variable {
    precondition(!parts.isEmpty, "concatenateColumns: no parts")
    if parts.count == 1 { return parts[0] }
    let widths = parts.map(\.cols)
    return parts[0].tape.record(Matrix.concatenatingColumns(parts.map(\.value)), inputs: parts) { g, _, _, needed in
        var offset = 0
        return widths.enumerated().map { k, w in
            defer { offset += w }
            return needed[k] ? g.columns(offset..<(offset + w)) : nil
        }
    }
}
