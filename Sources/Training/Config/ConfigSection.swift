import JSON

/// One object of the config file (the top level, a section, a schedule stage) and the keys it
/// may hold. Creating it refuses unknown keys, naming the nearest valid one when it looks like
/// a typo, so that a misspelt setting never silently keeps its default.
struct ConfigSection {
    let field: JSONField
    private let members: [(key: String, value: JSONValue)]

    /// The object at `field`; throws if it is not an object or has a key outside `keys`.
    init(_ field: JSONField, keys: [String]) throws {
        self.field = field
        members = try field.object()
        for member in members where !keys.contains(member.key) {
            let unknown = JSONField(value: member.value, path: path(of: member.key), file: field.file)
            if let near = NameSuggestion.nearest(to: member.key, among: keys) {
                throw unknown.fail("unknown key; did you mean '\(near)'?")
            }
            throw unknown.fail("unknown key; valid keys here are \(NameSuggestion.list(keys))")
        }
    }

    /// The config's top level or a section that may be left out: a missing section reads as an
    /// empty object, so every key in it keeps its default.
    init(member key: String, of parent: ConfigSection, keys: [String]) throws {
        try self.init(parent.member(key) ?? JSONField(value: .object([]), path: parent.path(of: key), file: parent.field.file),
                      keys: keys)
    }

    /// The value under `key`, or nil when the key is absent (`null` is returned as a value).
    func member(_ key: String) -> JSONField? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        return JSONField(value: value, path: path(of: key), file: field.file)
    }

    /// The value under `key`, or nil when the key is absent or `null`.
    func present(_ key: String) -> JSONField? {
        guard let found = member(key), found.value != .null else { return nil }
        return found
    }

    /// Whether `key` is written in this object (even as `null`).
    func contains(_ key: String) -> Bool { member(key) != nil }

    /// An error about `key` that need not be present (a missing required key, a cross check).
    func fail(_ key: String, _ problem: String) -> JSONFileError {
        JSONFileError(file: field.file, field: path(of: key), problem: problem)
    }

    /// Sets `target` from `key` when the key is present; an absent key keeps the default and
    /// `null` is refused by `parse` like any other wrong type.
    func read<T>(_ key: String, into target: inout T, _ parse: (JSONField) throws -> T) throws {
        if let found = member(key) { target = try parse(found) }
    }

    /// Sets an optional `target` from `key`: absent keeps the default, `null` means absent.
    func readOptional<T>(_ key: String, into target: inout T?, _ parse: (JSONField) throws -> T) throws {
        guard let found = member(key) else { return }
        target = found.value == .null ? nil : try parse(found)
    }

    func path(of key: String) -> String { field.path.isEmpty ? key : "\(field.path).\(key)" }
}
