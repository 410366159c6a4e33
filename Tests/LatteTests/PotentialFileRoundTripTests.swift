import Foundation
import Latte
import Linalg
import Testing

@Suite struct PotentialFileRoundTripTests {
    /// A potential whose numbers are arbitrary finite bit patterns (subnormals, huge and tiny
    /// exponents, −0.0), positive where the format requires it.
    func scrambled(_ parameters: PotentialParameters, seed: UInt64) -> PotentialParameters {
        var generator = SeededGenerator(seed: seed)
        func anyFinite() -> Double {
            while true {
                let value = Double(bitPattern: generator.next())
                if value.isFinite { return value }
            }
        }
        func scramble(_ matrix: inout Matrix, positive: Bool = false) {
            for k in matrix.storage.indices {
                matrix.storage[k] = positive ? abs(anyFinite()) + .leastNonzeroMagnitude : anyFinite()
            }
        }
        var copy = parameters
        copy.cutoff = 1 / 3
        for t in copy.terms.indices {
            scramble(&copy.terms[t].speciesWeights)
            scramble(&copy.terms[t].centers, positive: true)
            scramble(&copy.terms[t].widths, positive: true)
        }
        for s in copy.networks.indices {
            copy.networks[s].offset = -0.0
            for l in copy.networks[s].layers.indices {
                scramble(&copy.networks[s].layers[l].weight)
                scramble(&copy.networks[s].layers[l].bias)
            }
        }
        if !copy.terms.isEmpty {
            copy.terms[0].speciesWeights.storage[0] = .leastNonzeroMagnitude
            copy.terms[0].centers.storage[0] = .greatestFiniteMagnitude
        }
        return copy
    }

    @Test(arguments: [
        ("16,-:4,i,i:3,ij,ij:2,ijk,ijk:2,i,j,ij:2,ij,jk,ki:2,i,i,j,j", ["H", "C", "O"], SpeciesWeightMode.specific, UInt64(1)),
        ("3,-:2,i,i", ["Si"], .specific, 2),
        ("2,ij,ij:2,ijk,ijk", ["Ti", "Al"], .common, 3),
        ("5,-:3,ij,jk,ki", ["O", "C", "H"], .common, 4),
    ])
    func everyNumberReadsBackBitIdentical(shape: String, species: [String], mode: SpeciesWeightMode, seed: UInt64) throws {
        let specification = PotentialSpecification(species: species, cutoff: 4.5, shape: try DescriptorShape(shape),
                                                    hiddenLayers: [6, 3], activation: .silu, speciesWeightMode: mode,
                                                    widths: .learned(minimum: 0.3, maximum: 1.7))
        for parameters in [try PotentialParameters.initial(for: specification, seed: seed),
                           scrambled(try PotentialParameters.initial(for: specification, seed: seed), seed: seed)] {
            let text = try PotentialFile.encode(parameters)
            let back = try PotentialFile.decode(text, source: "memory")
            #expect(bitPatterns(back) == bitPatterns(parameters))
            #expect(back.species == parameters.species && back.shape == parameters.shape)
            #expect(back.speciesWeightMode == mode && back.activation == .silu)
            #expect(try PotentialFile.encode(back) == text)
        }
    }

    @Test func writesAtomicallyAndReadsTheFileBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("latte-potential-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("potential.json").path
        let specification = PotentialSpecification(species: ["Si"], cutoff: 5, shape: try DescriptorShape("4,-:2,i,i"),
                                                   hiddenLayers: [5], widths: .fixed(1.0))
        let first = try PotentialParameters.initial(for: specification, seed: 1)
        let second = try PotentialParameters.initial(for: specification, seed: 2)
        try PotentialFile.write(first, to: path)
        try PotentialFile.write(second, to: path)
        #expect(bitPatterns(try PotentialFile.read(contentsOf: path)) == bitPatterns(second))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["potential.json"])
    }

    @Test func refusesToWriteInconsistentParameters() throws {
        let specification = PotentialSpecification(species: ["Si"], cutoff: 5, shape: try DescriptorShape("4,-"),
                                                   hiddenLayers: [5], widths: .fixed(1.0))
        var parameters = try PotentialParameters.initial(for: specification, seed: 1)
        parameters.networks[0].layers[1].weight.storage[2] = .nan
        #expect {
            try PotentialFile.write(parameters, to: "/nonexistent/potential.json")
        } throws: { error in
            (error as? PotentialFileError)?.description
                == "/nonexistent/potential.json: networks.species.Si.layers[1].weight[0][2]: expected a finite number, found nan"
        }
    }

    @Test func writesTheDocumentedLayout() throws {
        let specification = PotentialSpecification(species: ["H"], cutoff: 4, shape: try DescriptorShape("1,-"),
                                                   hiddenLayers: [], widths: .fixed(1.0))
        var parameters = try PotentialParameters.initial(for: specification, seed: 1)
        parameters.terms[0].speciesWeights.storage = [0.1]
        parameters.terms[0].centers.storage = [2.5]
        parameters.networks[0].offset = -13.6
        parameters.networks[0].layers[0].weight.storage = [1e-05]
        #expect(try PotentialFile.encode(parameters) == """
            {
              "format": "latte-potential",
              "version": 1,
              "units": {
                "length": "angstrom",
                "energy": "eV"
              },
              "species": ["H"],
              "cutoff": 4.0,
              "descriptor": {
                "shape": "1,-",
                "species_weights": "specific",
                "terms": [
                  {
                    "term": "1,-",
                    "weights": [
                      [
                        [0.1]
                      ]
                    ],
                    "centers": [
                      [2.5]
                    ],
                    "widths": [
                      [1.0]
                    ]
                  }
                ]
              },
              "networks": {
                "activation": "gaussian",
                "species": {
                  "H": {
                    "offset": -13.6,
                    "layers": [
                      {
                        "weight": [
                          [1e-05]
                        ],
                        "bias": [0.0]
                      }
                    ]
                  }
                }
              }
            }

            """)
    }
}
