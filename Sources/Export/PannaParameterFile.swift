/// The `key=value` text of `panna.in` as PANNA's `pair_style latte` reads it
/// (docs/PANNA-EXPORT.md, "panna.in"):
///
/// - one `key=value` per line, every line ending in a newline (the plugin drops a last line
///   that has none);
/// - spaces anywhere are removed before reading; empty lines and lines starting with `#` are
///   skipped;
/// - any other line without `=` stops the plugin's reading there, so none may occur;
/// - keys the plugin does not know are ignored by it.
struct PannaParameterFile {
    /// Comment lines written first (without the `# `).
    var comments: [String] = []
    /// Keys and values in writing order.
    var entries: [(key: String, value: String)] = []

    /// The file's text.
    var text: String {
        comments.map { "# \($0)\n" }.joined() + entries.map { "\($0.key)=\($0.value)\n" }.joined()
    }

    /// The keys and values of `text`, read with the plugin's rules; `file` names it in errors.
    /// Stricter than the plugin where it would silently read something else: a line that is
    /// neither empty, a comment nor `key=value`, a last line without a newline, a carriage
    /// return, or a key given twice is an error.
    static func values(of text: String, file: String) throws -> [String: String] {
        func fail(_ line: Int, _ problem: String) -> PannaLammpsImportError {
            PannaLammpsImportError(file: file, problem: "line \(line): \(problem)")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if let last = lines.last {
            guard last.allSatisfy({ $0 == " " }) else {
                throw fail(lines.count, "the last line has no newline; pair_style latte would ignore it")
            }
            lines.removeLast()
        }
        var values: [String: String] = [:]
        for (number, raw) in lines.enumerated() {
            guard !raw.contains("\r") else {
                throw fail(number + 1, "carriage return (Windows line end); pair_style latte would keep it in the value")
            }
            let line = raw.filter { $0 != " " }
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw fail(number + 1, "'\(line)' is not key=value; pair_style latte would stop reading here")
            }
            let key = String(line[..<equals]), value = String(line[line.index(after: equals)...])
            guard values[key] == nil else { throw fail(number + 1, "'\(key)' is given twice") }
            values[key] = value
        }
        return values
    }
}
