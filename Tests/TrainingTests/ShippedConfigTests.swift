import Foundation
import Latte
import Testing
import Training

/// The configs in `configs/` are what users start from: each must load, name data files that
/// exist, parse its descriptor shape and say what it gives in its `description`.
struct ShippedConfigTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("configs")
    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".json") }.sorted()

    @Test func configsAreThere() {
        #expect(Self.names.contains("ethanol.json") && Self.names.contains("ethanol-committee.json"), "\(Self.names)")
    }

    @Test(arguments: names)
    func loadsWithItsData(_ name: String) throws {
        let config = try TrainingConfig.load(path: Self.folder.appendingPathComponent(name).path)
        for path in [config.data.train] + [config.data.validation, config.data.test].compactMap({ $0 }) {
            #expect(FileManager.default.fileExists(atPath: path), "\(name): \(path)")
        }
        _ = try DescriptorShape(config.model.descriptor)
        let description = try #require(config.description, "\(name) has no description")
        #expect(!description.contains("TIME"), "\(name): \(description)")
    }
}
