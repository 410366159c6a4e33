import Latte
import Linalg
import Testing

@Suite struct InitialisationTests {
    func specification(shape: String = "3,-:2,i,i:2,ij,jk,ki", species: [String] = ["H", "C", "O"],
                       hidden: [Int] = [8, 4], mode: SpeciesWeightMode = .specific,
                       widths: WidthPolicy = .learned(minimum: 0.5, maximum: 1.5)) throws -> PotentialSpecification {
        PotentialSpecification(species: species, cutoff: 5.0, shape: try DescriptorShape(shape), hiddenLayers: hidden,
                               activation: .tanh, speciesWeightMode: mode, widths: widths)
    }

    @Test func sameSeedSameParametersOtherSeedOthers() throws {
        let spec = try specification()
        let first = try PotentialParameters.initial(for: spec, seed: 3)
        let again = try PotentialParameters.initial(for: spec, seed: 3)
        let other = try PotentialParameters.initial(for: spec, seed: 4)
        #expect(bitPatterns(first) == bitPatterns(again))
        #expect(bitPatterns(first) != bitPatterns(other))
        #expect(bitPatterns(first).count == bitPatterns(other).count)
    }

    @Test func sizesFollowShapeSpeciesAndMode() throws {
        let specific = try PotentialParameters.initial(for: try specification(), seed: 1)
        try specific.checkConsistency()
        #expect(specific.terms.map(\.speciesWeights.shape) == [Shape(9, 3), Shape(9, 4), Shape(9, 6)])
        #expect(specific.terms.map(\.centers.shape) == [Shape(3, 3), Shape(3, 4), Shape(3, 6)])
        #expect(specific.networks.map(\.layerSizes) == Array(repeating: [7, 8, 4, 1], count: 3))
        #expect(specific.activation == .tanh)

        let common = try PotentialParameters.initial(for: try specification(mode: .common), seed: 1)
        try common.checkConsistency()
        #expect(common.terms.map(\.speciesWeights.shape) == [Shape(3, 3), Shape(3, 4), Shape(3, 6)])
        #expect(common.terms.map(\.widths.shape) == [Shape(1, 3), Shape(1, 4), Shape(1, 6)])

        let linear = try PotentialParameters.initial(for: try specification(hidden: []), seed: 1)
        #expect(linear.networks[0].layerSizes == [7, 1])
    }

    @Test func drawsHaveTheMethodsDistributions() throws {
        let spec = try specification(shape: "400,-:300,i,i", species: ["Ti", "Al"], hidden: [64, 32])
        let parameters = try PotentialParameters.initial(for: spec, seed: 11)
        let sigma = parameters.terms.flatMap(\.speciesWeights.storage)
        #expect(abs(mean(sigma)) < 0.05)
        #expect(abs(standardDeviation(sigma) - 1) < 0.05)
        let widths = parameters.terms.flatMap(\.widths.storage)
        #expect(widths.allSatisfy { $0 >= 0.5 && $0 <= 1.5 })
        #expect(abs(mean(widths) - 1.0) < 0.02)
        #expect(abs(standardDeviation(widths) - 1 / 12.0.squareRoot()) < 0.02)
        for term in parameters.terms {
            for (c, w) in zip(term.centers.storage, term.widths.storage) {
                #expect(c >= w && c <= 5.0 - w)
            }
        }
        for network in parameters.networks {
            #expect(network.offset == 0)
            for layer in network.layers {
                #expect(layer.bias.storage.allSatisfy { $0 == 0 })
                let expected = (2 / Double(layer.inputSize + layer.outputSize)).squareRoot()
                if layer.weight.count > 1000 {
                    #expect(abs(standardDeviation(layer.weight.storage) / expected - 1) < 0.06)
                    #expect(abs(mean(layer.weight.storage)) < 0.1 * expected)
                }
            }
        }
    }

    @Test func fixedWidthsStayFixed() throws {
        let parameters = try PotentialParameters.initial(for: try specification(widths: .fixed(0.8)), seed: 5)
        for term in parameters.terms {
            #expect(term.widths.storage.allSatisfy { $0 == 0.8 })
            #expect(term.centers.storage.allSatisfy { $0 >= 0.8 && $0 <= 4.2 })
        }
    }

    @Test func projectionClipsCentresThenWidths() throws {
        let policy = WidthPolicy.learned(minimum: 0.5, maximum: 1.5)
        var parameters = try PotentialParameters.initial(for: try specification(), seed: 9)
        let untouched = parameters.projected(widths: policy)
        #expect(bitPatterns(untouched) == bitPatterns(parameters))

        var generator = SeededGenerator(seed: 1)
        for t in parameters.terms.indices {
            for k in parameters.terms[t].centers.storage.indices {
                parameters.terms[t].centers.storage[k] = generator.nextUniform(from: -1, to: 7)
                parameters.terms[t].widths.storage[k] = generator.nextUniform(from: 0.01, to: 2.4)
            }
        }
        let projected = parameters.projected(widths: policy)
        for (before, after) in zip(parameters.terms, projected.terms) {
            for k in before.centers.storage.indices {
                let (c, w) = (before.centers.storage[k], before.widths.storage[k])
                let expectedCentre = min(max(c, w), 5.0 - w)
                #expect(after.centers.storage[k] == expectedCentre)
                #expect(after.widths.storage[k] == min(max(w, 0.5), 1.5))
            }
        }
        #expect(PotentialParameters.projectedChannel(center: 4.9, width: 3.0, cutoff: 5, widths: .fixed(3.0)) == (2.0, 3.0))
        #expect(PotentialParameters.projectedChannel(center: 0.1, width: 0.2, cutoff: 5, widths: policy) == (0.2, 0.5))
    }

    @Test(arguments: [
        (PotentialSpecification(species: [], cutoff: 5, shape: try! DescriptorShape("2,-"), hiddenLayers: [4],
                                widths: .fixed(1)), "species: expected at least one species"),
        (PotentialSpecification(species: ["H", "H"], cutoff: 5, shape: try! DescriptorShape("2,-"), hiddenLayers: [4],
                                widths: .fixed(1)), "species: 'H' is listed twice"),
        (PotentialSpecification(species: ["H"], cutoff: 0, shape: try! DescriptorShape("2,-"), hiddenLayers: [4],
                                widths: .fixed(1)), "cutoff: expected a positive number of Å, found 0.0"),
        (PotentialSpecification(species: ["H"], cutoff: 5, shape: try! DescriptorShape("2,-"), hiddenLayers: [4, 0],
                                widths: .fixed(1)), "hidden: expected positive layer sizes, found 0"),
        (PotentialSpecification(species: ["H"], cutoff: 5, shape: try! DescriptorShape("2,-"), hiddenLayers: [4],
                                widths: .learned(minimum: 1.5, maximum: 0.5)), "widths: expected 0 < w_min ≤ w_max, found [1.5, 0.5]"),
        (PotentialSpecification(species: ["H"], cutoff: 5, shape: try! DescriptorShape("2,-"), hiddenLayers: [4],
                                widths: .learned(minimum: 0.5, maximum: 2.6)),
         "widths: the largest width 2.6 Å does not fit the cutoff 5.0 Å: need 2·w_max ≤ R_c"),
    ])
    func refusesSpecificationsItCannotInitialise(specification: PotentialSpecification, message: String) {
        #expect {
            _ = try PotentialParameters.initial(for: specification, seed: 1)
        } throws: { error in
            (error as? PotentialSpecificationError)?.description == message
        }
    }
}

/// Every number of a potential as bit patterns, in a fixed order (for exact comparisons).
func bitPatterns(_ parameters: PotentialParameters) -> [UInt64] {
    var bits = [parameters.cutoff.bitPattern]
    for term in parameters.terms {
        bits += (term.speciesWeights.storage + term.centers.storage + term.widths.storage).map(\.bitPattern)
    }
    for network in parameters.networks {
        bits.append(network.offset.bitPattern)
        for layer in network.layers {
            bits += (layer.weight.storage + layer.bias.storage).map(\.bitPattern)
        }
    }
    return bits
}
