import Foundation
import Latte
import Testing

/// The golden fixtures of `Fixtures/golden` (made by `scripts/make-golden-fixtures.sh` with the
/// NumPy reference). For now: every golden potential loads, its shape parses, and its parameter
/// counts match the shape, the species and the reference's outputs. Energies, forces and
/// descriptors are compared once the model exists.
@Suite struct GoldenFixtureTests {
    struct Entry: Decodable {
        let potential: String
        let structures: String
        let output: String
        let species: [String]
        let shape: String
        let species_weights: String
        let activation: String
        let frames: Int
        let atoms: [Int]
    }

    struct Manifest: Decodable { let fixtures: [Entry] }

    struct ReferenceFrame: Decodable {
        let energy: Double
        let forces: [[Double]]
        let descriptors: [[Double]]
    }

    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("golden")

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }

    @Test func manifestCoversTheAgreedCases() throws {
        let entries = try Self.manifest().fixtures
        #expect(Set(entries.map(\.species.count)) == [1, 2, 3])
        #expect(entries.contains { $0.shape == "4,-:3,i,i:3,ij,ij:3,ijk,ijk:2,i,j,ij:2,ij,jk,ki:2,i,i,j,j" })
        #expect(entries.contains { $0.species_weights == "common" })
        #expect(Set(entries.map(\.activation)) == Set(Activation.allCases.map(\.rawValue)))
        #expect(entries.contains { $0.atoms.contains(1) })
    }

    @Test func everyGoldenPotentialLoadsWithCountsMatchingItsShape() throws {
        for entry in try Self.manifest().fixtures {
            let path = Self.folder.appendingPathComponent(entry.potential).path
            let parameters = try PotentialFile.read(contentsOf: path)
            #expect(parameters.species == entry.species, "\(entry.potential)")
            #expect(parameters.shape == (try DescriptorShape(entry.shape)))
            #expect(parameters.speciesWeightMode.rawValue == entry.species_weights)
            #expect(parameters.activation.rawValue == entry.activation)
            let speciesCount = parameters.species.count
            for (term, values) in zip(parameters.shape.terms, parameters.terms) {
                let mode = parameters.speciesWeightMode
                #expect(values.speciesWeights.rows == mode.weightRowCount(speciesCount: speciesCount))
                #expect(values.centers.rows == mode.radialRowCount(speciesCount: speciesCount))
                #expect(values.speciesWeights.cols == term.channelCount && values.widths.cols == term.channelCount)
            }
            #expect(parameters.networks.allSatisfy { $0.layerSizes.first == parameters.descriptorLength && $0.layerSizes.last == 1 })

            let outputs = try JSONDecoder().decode([ReferenceFrame].self,
                                                   from: Data(contentsOf: Self.folder.appendingPathComponent(entry.output)))
            #expect(outputs.count == entry.frames)
            #expect(outputs.map(\.forces.count) == entry.atoms)
            #expect(outputs.allSatisfy { $0.descriptors.allSatisfy { $0.count == parameters.descriptorLength } })

            let rewritten = try PotentialFile.decode(try PotentialFile.encode(parameters), source: entry.potential)
            #expect(bitPatterns(rewritten) == bitPatterns(parameters))
        }
    }
}
