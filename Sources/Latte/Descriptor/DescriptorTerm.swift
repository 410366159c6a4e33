/// One term of a LATTE descriptor (METHOD.md section 4): `n,body_1,...,body_m`.
///
/// Component q (0 ≤ q < n) of the term, for centre atom i, is
///
///     D_q(i) = Σ_{α ∈ {x,y,z}^c} Π_k A^(k,q)_{α[body_k]}(i)
///
/// where c is the number of distinct letters, α assigns a Cartesian axis to every letter, and
/// A^(k,q) is the rank-|body_k| local tensor (METHOD.md section 3) built with radial channel
/// u = k·n + q. The pure radial term `n,-` is one body of rank 0, so the same formula gives
/// D_q(i) = Σ_j g_q(i,j).
///
/// This type is data only: it says which tensors a term needs and how they are contracted, so
/// that a fast implementation can precompute its loops. It computes nothing.
public struct DescriptorTerm: Hashable, Sendable, CustomStringConvertible {
    /// n: how many components the term contributes to the descriptor.
    public let componentCount: Int
    /// The bodies in order; the radial term `n,-` has a single body of rank 0.
    public let bodies: [DescriptorBody]
    /// The distinct index letters, in order of first appearance (empty for `n,-`). A letter's
    /// position in this list is its "slot", the number used in `DescriptorBody.slots`.
    public let letters: [Character]
    /// For each letter slot, the two tensor indices it joins (summed over x, y, z).
    public let contractions: [LetterContraction]

    /// m: the number of bodies (1 for `n,-`).
    public var bodyCount: Int { bodies.count }
    /// The body order m + 1 (2 for `n,-`, 3 for `n,i,i`, ...).
    public var bodyOrder: Int { bodies.count + 1 }
    /// Rank of each body's tensor (the length of its letter string; 0 for `-`).
    public var ranks: [Int] { bodies.map(\.rank) }
    /// The largest tensor rank of the term.
    public var maximumRank: Int { bodies.map(\.rank).max() ?? 0 }
    /// Whether this is the pure radial term `n,-`.
    public var isRadial: Bool { bodies.count == 1 && bodies[0].rank == 0 }
    /// n·m: the number of radial channels the term owns (each body has its own n channels).
    public var channelCount: Int { componentCount * bodies.count }

    /// The radial channel of body k and component q, body-major: u = k·n + q.
    @inlinable
    public func channel(body k: Int, component q: Int) -> Int {
        precondition(k >= 0 && k < bodies.count && q >= 0 && q < componentCount,
                     "DescriptorTerm.channel: body \(k), component \(q) outside \(bodies.count) × \(componentCount)")
        return k * componentCount + q
    }

    /// The canonical text of the term, e.g. `16,ij,jk,ki` or `16,-`.
    public var description: String {
        "\(componentCount)," + bodies.map(\.description).joined(separator: ",")
    }

    /// A term from its parts; `DescriptorShape` parses text into these and checks the rules
    /// (every letter exactly twice, and so on). This initialiser trusts its input.
    init(componentCount: Int, bodyLetters: [[Character]]) {
        var letters: [Character] = []
        for body in bodyLetters {
            for letter in body where !letters.contains(letter) { letters.append(letter) }
        }
        let bodies = bodyLetters.map { body in
            DescriptorBody(letters: body, slots: body.map { letters.firstIndex(of: $0)! })
        }
        var places: [[TensorIndex]] = Array(repeating: [], count: letters.count)
        for (k, body) in bodies.enumerated() {
            for (position, slot) in body.slots.enumerated() {
                places[slot].append(TensorIndex(body: k, position: position))
            }
        }
        self.componentCount = componentCount
        self.bodies = bodies
        self.letters = letters
        self.contractions = places.enumerated().map { slot, pair in
            LetterContraction(letter: letters[slot], first: pair[0], second: pair[1])
        }
    }
}

/// One body of a term: a symmetric local tensor of rank `rank` whose indices carry letters.
public struct DescriptorBody: Hashable, Sendable, CustomStringConvertible {
    /// The index letters in order (empty for the radial body `-`).
    public let letters: [Character]
    /// For each tensor index, the slot (position in `DescriptorTerm.letters`) of its letter.
    /// Example: in `ij,jk,ki` (letters i, j, k) the bodies have slots [0, 1], [1, 2], [2, 0].
    public let slots: [Int]

    /// The tensor rank p (0 for `-`).
    public var rank: Int { letters.count }

    public var description: String { letters.isEmpty ? "-" : String(letters) }
}

/// A tensor index: index `position` (0-based) of body `body` (0-based) of a term.
public struct TensorIndex: Hashable, Sendable {
    public let body: Int
    public let position: Int

    public init(body: Int, position: Int) {
        self.body = body
        self.position = position
    }
}

/// A letter of a term and the two tensor indices it sums together over x, y, z. Both may lie
/// in the same body (as in `n,ii`, a trace).
public struct LetterContraction: Hashable, Sendable {
    public let letter: Character
    public let first: TensorIndex
    public let second: TensorIndex

    public init(letter: Character, first: TensorIndex, second: TensorIndex) {
        self.letter = letter
        self.first = first
        self.second = second
    }
}
