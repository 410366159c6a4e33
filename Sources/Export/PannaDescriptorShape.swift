import Latte

/// The `descriptor_shape` value of `panna.in`: how PANNA's `pair_style latte` spells a LATTE
/// descriptor shape (docs/PANNA-EXPORT.md, "descriptor_shape").
///
///     descriptor_shape = B:block_1:...:block_B        B = the number of terms
///     block = n,0,1                                   the radial term `n,-`
///           | n,c,m[body_1,...,body_m,]               a term with c distinct letters, m bodies
///     body  = k(x_1,...,x_k,)                         a rank-k body; x = a letter's index
///
/// A letter's index is its position among the term's distinct letters sorted alphabetically
/// (as PANNA's exporter numbers them); every index is followed by a comma and every body by a
/// comma, because the plugin's parser consumes exactly one character after each index and two
/// after each closing parenthesis. Example: `16,ij,jk,ki` is `16,3,3[2(0,1,),2(1,2,),2(2,0,),]`.
///
/// Decoding gives the letters back as i, j, k, ... in index order, so a shape written with
/// alphabetical letters from i (`ij,jk,ki`) reads back identical; any other lettering reads back
/// renamed, with the same contraction.
enum PannaDescriptorShape {
    /// Letter names for indices 0, 1, 2, ... when decoding (26 letters, the grammar's limit).
    static let letterNames = Array("ijklmnopqrstuvwxyzabcdefgh")

    /// The `descriptor_shape` value of `shape`.
    static func encode(_ shape: DescriptorShape) -> String {
        let blocks = shape.terms.map { term -> String in
            let n = term.componentCount
            if term.isRadial { return "\(n),0,1" }
            let letters = Set(term.bodies.flatMap(\.letters)).sorted()
            let bodies = term.bodies.map { body -> String in
                let indices = body.letters.map { "\(letters.firstIndex(of: $0)!)," }.joined()
                return "\(body.rank)(\(indices)),"
            }
            return "\(n),\(letters.count),\(term.bodyCount)[\(bodies.joined())]"
        }
        return ([String(shape.terms.count)] + blocks).joined(separator: ":")
    }

    /// The shape that a `descriptor_shape` value describes, or a `PannaLammpsImportError`
    /// (against `file`) naming the block and the fault. Spaces are ignored, as the plugin
    /// removes them.
    static func decode(_ text: String, file: String) throws -> DescriptorShape {
        func fail(_ problem: String) -> PannaLammpsImportError {
            PannaLammpsImportError(file: file, problem: "descriptor_shape '\(text)': \(problem)")
        }
        let compact = text.filter { $0 != " " && $0 != "\t" }
        var parts = compact.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let declared = Int(parts.removeFirst()), declared > 0 else {
            throw fail("expected the number of blocks first, as in '2:16,0,1:16,1,2[1(0,),1(0,),]'")
        }
        guard parts.count == declared else {
            throw fail("declares \(declared) blocks but has \(parts.count)")
        }
        let terms = try parts.enumerated().map { number, block -> String in
            do { return try decodeBlock(block) } catch let problem as BlockProblem {
                throw fail("block \(number + 1) '\(block)': \(problem.text)")
            }
        }
        do {
            return try DescriptorShape(terms.joined(separator: ":"))
        } catch let error as DescriptorShapeError {
            throw fail("not a LATTE shape Latte can evaluate: \(error.problem)")
        }
    }

    private struct BlockProblem: Error { let text: String }

    /// One block as a Latte term string (`n,-` or `n,body,...`).
    private static func decodeBlock(_ block: String) throws -> String {
        let bracket = block.firstIndex(of: "[")
        let header = block[..<(bracket ?? block.endIndex)].split(separator: ",", omittingEmptySubsequences: false)
        guard header.count == 3, let n = Int(header[0]), let c = Int(header[1]), let m = Int(header[2]),
              n > 0, c >= 0, m > 0 else {
            throw BlockProblem(text: "expected 'components,letters,bodies' with positive counts first")
        }
        if c == 0 {
            guard m == 1, bracket == nil || block[bracket!...] == "[]" else {
                throw BlockProblem(text: "a block without letters is the radial term and must read '\(n),0,1'")
            }
            return "\(n),-"
        }
        guard c <= letterNames.count else {
            throw BlockProblem(text: "\(c) letters; at most \(letterNames.count) are possible")
        }
        guard let bracket, block.last == "]" else {
            throw BlockProblem(text: "expected the bodies in brackets, as in '\(n),\(c),\(m)[1(0,),1(0,),]'")
        }
        var rest = block[block.index(after: bracket)..<block.index(before: block.endIndex)]
        var bodies: [String] = []
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "("), let close = rest.firstIndex(of: ")"), open < close,
                  let rank = Int(rest[..<open]), rank > 0 else {
                throw BlockProblem(text: "expected bodies like '2(0,1,)' (rank, then each index followed by a comma)")
            }
            let list = rest[rest.index(after: open)..<close]
            guard list.last == "," else {
                throw BlockProblem(text: "body '\(rest[...close])': every index must be followed by a comma, as pair_style latte reads it")
            }
            let indices = list.dropLast().split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard indices.count == rank, indices.allSatisfy({ $0 != nil && (0..<c).contains($0!) }) else {
                throw BlockProblem(text: "body '\(rest[...close])': expected \(rank) indices between 0 and \(c - 1)")
            }
            bodies.append(String(indices.map { letterNames[$0!] }))
            rest = rest[rest.index(after: close)...]
            if rest.first == "," {
                rest = rest.dropFirst()
            } else if !rest.isEmpty {
                throw BlockProblem(text: "expected a comma after body \(bodies.count)")
            }
        }
        guard bodies.count == m else {
            throw BlockProblem(text: "declares \(m) bodies but lists \(bodies.count)")
        }
        let used = Set(bodies.joined())
        guard used.count == c else {
            throw BlockProblem(text: "declares \(c) letters but its bodies use \(used.count)")
        }
        return "\(n)," + bodies.joined(separator: ",")
    }
}
