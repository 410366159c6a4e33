#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C `printf` formatting of one number, for messages: the text `String(format:)` gives, without
/// Foundation. The decimal point is always `.`, whatever `LC_NUMERIC` a host program has set
/// (as with `String(format:)` without a locale).
public enum CFormat {
    /// `format` (one conversion of a double, such as `%.3g`) applied to `value`.
    public static func string(_ format: String, _ value: Double) -> String {
        var capacity = 64
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let length = Int(withVaList([value]) { vsnprintf(&buffer, capacity, format, $0) })
            precondition(length >= 0, "invalid format \(format)")
            if length < capacity { return withDecimalPoint(String(cString: buffer)) }
            capacity = length + 1
        }
    }

    /// `text` with the C locale's decimal point, when it is not `.`, replaced by `.`.
    private static func withDecimalPoint(_ text: String) -> String {
        guard let point = localeconv()?.pointee.decimal_point else { return text }
        let separator = String(cString: point)
        guard !separator.isEmpty, separator != "." else { return text }
        // (Split by hand: `String.replacing` would link the regex engine into liblatte.)
        var result = "", rest = Substring(text)
        while let start = rest.indices.first(where: { rest[$0...].hasPrefix(separator) }) {
            result += rest[..<start] + "."
            rest = rest[rest.index(start, offsetBy: separator.count)...]
        }
        return result + rest
    }
}
