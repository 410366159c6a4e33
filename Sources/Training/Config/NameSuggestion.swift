/// "Did you mean ...?" for a misspelt key or name: the nearest candidate by edit distance,
/// offered only when it is close enough to be a plausible typo.
enum NameSuggestion {
    /// The candidate nearest to `name` (case-insensitively; ties go to the earlier candidate),
    /// or nil when even the nearest is more than max(2, ⌊length/3⌋) edits away.
    static func nearest(to name: String, among candidates: [String]) -> String? {
        let typed = Array(name.lowercased())
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(typed, Array(candidate.lowercased()))
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, typed.count / 3) else { return nil }
        return best.candidate
    }

    /// The Levenshtein distance: single-character insertions, deletions and substitutions.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `'a', 'b' or 'c'`-style list for messages: `a, b, c`.
    static func list(_ names: [String]) -> String { names.joined(separator: ", ") }
}
