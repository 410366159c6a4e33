/// The one error every reader in this module throws for input it cannot accept.
///
/// Its `description` is a single line that tells a person where to look and what was wrong:
///
///     datasets/x.xyz:1234: frame 17: expected 9 atoms, file ends after 5
///
/// `line` and `frame` are 1-based (the first line of a file is line 1, its first frame is
/// frame 1) and are left out of the description when they do not apply (a JSON file has no
/// frames; an unreadable file has no line).
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The path (or the name given by the caller for in-memory input).
    public let file: String
    /// 1-based line number, when the problem sits on one line.
    public let line: Int?
    /// 1-based frame number, when the input has frames.
    public let frame: Int?
    /// What was expected and what was found, without the location.
    public let message: String

    public init(file: String, line: Int? = nil, frame: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.frame = frame
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let frame { text += "frame \(frame): " }
        return text + message
    }
}
