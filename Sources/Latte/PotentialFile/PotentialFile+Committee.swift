#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import JSON
import SystemSupport

/// Committee files (docs/COMMITTEE.md), the extension of `potential.json`: the usual `format`
/// and `version`, and a `committee` array whose items are complete potential documents
/// (FORMATS.md section 3), each readable alone. A committee of one is written as a plain
/// potential file, so a single model's file stays exactly as it was.
extension PotentialFile {
    /// The committee at `path`: a committee file, or a single potential as a committee of one.
    public static func readCommittee(contentsOf path: String) throws -> Committee {
        try decodeCommittee(try contents(of: path), source: path)
    }

    /// The committee in UTF-8 JSON bytes (a committee file, or one potential); errors name `source`.
    public static func decodeCommittee(_ bytes: [UInt8], source: String) throws -> Committee {
        let root = try field(of: bytes, source: source)
        guard let membersField = try root.optionalMember("committee") else {
            return Committee(single: try parameters(from: root))
        }
        try checkFormatAndVersion(root)
        let items = try membersField.array()
        guard !items.isEmpty else { throw membersField.fail("expected an array of at least one potential, found an empty one") }
        let members = try items.map { try parameters(from: $0) }
        do { return try Committee(members) } catch let error as PotentialParametersError {
            throw PotentialFileError(file: source, field: error.field, problem: error.problem)
        }
    }

    /// The JSON text of `committee`: one member as a plain potential file, several as a
    /// committee file.
    public static func encode(_ committee: Committee, source: String = "potential.json") throws -> String {
        guard committee.count > 1 else { return try encode(committee.members[0], source: source) }
        for (k, member) in committee.members.enumerated() {
            do { try member.checkConsistency() } catch let error as PotentialParametersError {
                throw PotentialFileError(file: source, field: "committee[\(k)].\(error.field)", problem: error.problem)
            }
        }
        return JSONWriter.text(of: .object([
            ("format", .string(formatName)), ("version", .integer(formatVersion)),
            ("committee", .array(committee.members.map(document(of:)))),
        ]))
    }

    /// Writes `committee` to `path` atomically.
    public static func write(_ committee: Committee, to path: String) throws {
        try AtomicFile.write(try encode(committee, source: path), to: path)
    }

    static func contents(of path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PotentialFileError(file: path, field: "", problem: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PotentialFileError(file: path, field: "", problem: "cannot be read (permissions, or a folder?)")
        }
        return Array(data)
    }

    static func field(of bytes: [UInt8], source: String) throws -> JSONField {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch let error as JSONSyntaxError {
            throw PotentialFileError(file: source, field: "line \(error.line), column \(error.column)",
                                     problem: "not valid JSON: \(error.problem)")
        }
        return JSONField(value: document, path: "", file: source)
    }
}
