import Foundation
import Latte
import Linalg

/// Paths and helpers shared by the export tests. The golden potentials are LatteTests' fixtures,
/// read from the source tree (they are not this target's resources).
enum ExportTestSupport {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let golden = repository.appendingPathComponent("Tests/LatteTests/Fixtures/golden")

    /// The golden potentials with gaussian activation and specific species weights.
    static let exportable = ["full_cho", "full_si", "full_tial"]

    static func potential(_ name: String) throws -> PotentialParameters {
        try PotentialFile.read(contentsOf: golden.appendingPathComponent("potentials/\(name).json").path)
    }

    static func structures(_ name: String) -> String {
        golden.appendingPathComponent("structures/\(name).xyz").path
    }

    /// Runs `body` with a fresh empty folder under the system's temporary folder, removed after.
    static func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("latte-export-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    /// `x` rounded to float32 and back.
    static func f32(_ x: Double) -> Double { Double(Float(x)) }

    /// The matrix with every entry rounded to float32.
    static func f32(_ m: Matrix) -> Matrix { m.map { Double(Float($0)) } }
}
