import Atomistic
import Foundation
import PannaData
import Testing

/// Inputs on which fuzzing (scripts/fuzz.sh) found the readers crashing, running out of memory
/// or hanging, kept in Fuzz/Regressions/TARGET: each must now give a clean one-line error.
struct FuzzRegressionTests {
    static let regressions = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/Regressions")

    /// The inputs kept for `target`, by file name.
    static func inputs(_ target: String) throws -> [(name: String, data: Data)] {
        let folder = regressions.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return try names.sorted().map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    /// The expected error of each kept extxyz input (all of them are listed).
    static let extxyzErrors = [
        "huge-column-count.xyz": "fuzz.xyz:2: frame 1: Properties=species:S:1:pos:R:3:force:R:3:tags:I:47884864: more than 65536 values per atom; at most 65536 are read",
    ]

    @Test func extxyzInputsThatOnceFailedGiveOneLineErrors() throws {
        let inputs = try Self.inputs("FuzzExtXYZ")
        #expect(Set(inputs.map(\.name)) == Set(Self.extxyzErrors.keys))
        for (name, data) in inputs {
            let message = inputErrorMessage { try ExtXYZ.read(data: data, source: "fuzz.xyz") }
            #expect(message == Self.extxyzErrors[name], "\(name)")
            let labelled = inputErrorMessage { try ExtXYZ.read(data: data, source: "fuzz.xyz", options: .init(requireLabels: true)) }
            #expect(labelled.map { !$0.contains("\n") } ?? true, "\(name)")
        }
    }

    @Test func pannaInputsThatOnceFailedGiveOneLineErrors() throws {
        for (name, data) in try Self.inputs("FuzzPanna") {
            let message = inputErrorMessage { try PannaJSON.read(data: data, source: "fuzz.example") }
            #expect(message?.hasPrefix("fuzz.example: ") == true && message?.contains("\n") == false, "\(name): \(message ?? "read")")
        }
    }
}
