/// A JSON file (a potential, a config, a checkpoint) that cannot be read or written.
/// `description` is the one-line message for people: `FILE: FIELD: PROBLEM`, e.g.
/// `potential.json: networks.species.H.layers[1].weight: expected 64 rows of 64 numbers, found 63 rows`.
/// For text that is not JSON at all, `field` is the line and column.
public struct JSONFileError: Error, CustomStringConvertible, Equatable {
    /// The file as the caller named it (or the `source` given to a decoder).
    public let file: String
    /// A key path into the document such as `descriptor.terms[2].centers[0][5]`.
    public let field: String
    public let problem: String

    public init(file: String, field: String, problem: String) {
        self.file = file
        self.field = field
        self.problem = problem
    }

    public var description: String {
        field.isEmpty ? "\(file): \(problem)" : "\(file): \(field): \(problem)"
    }
}
