import Latte
import Linalg
import Testing
import Training

/// Centres stay on the training data's distances, so no channel goes dead (`ObservedDistances`).
struct ObservedDistancesTests {
    /// The ranges are the shortest and longest centre–neighbour distance per centre species,
    /// counted here atom by atom from the positions (the ethanol frames are molecules).
    @Test func rangesAreEachCentreSpeciesShortestAndLongestDistance() throws {
        let session = try TrainerTests.session(training: TrainerTests.settings)
        let set = session.data.train
        let species = session.data.species
        let distances = ObservedDistances.measured(set, speciesCount: species.count, mode: .specific)
        var shortest = [Double](repeating: .infinity, count: species.count)
        var longest = [Double](repeating: 0, count: species.count)
        for structure in set.structures {
            for (i, x) in structure.positions.enumerated() {
                let row = species.firstIndex(of: structure.species[i])!
                for (j, y) in structure.positions.enumerated() where j != i {
                    let r = ((y - x) * (y - x)).sum().squareRoot()
                    guard r < session.config.model.cutoff else { continue }
                    shortest[row] = min(shortest[row], r)
                    longest[row] = max(longest[row], r)
                }
            }
        }
        #expect(distances == ObservedDistances(shortest: shortest, longest: longest))
        #expect(longest.allSatisfy { $0 < 4.5 }, "ethanol holds no distance near the 5 Å cutoff: \(longest)")
        let common = ObservedDistances.measured(set, speciesCount: species.count, mode: .common)
        #expect(common == ObservedDistances(shortest: [shortest.min()!], longest: [longest.max()!]))
    }

    /// A centre outside its row's range moves to the nearer end, where the projection's
    /// [w, R_c − w] allows; one inside stays.
    @Test func confineClipsCentresIntoTheRange() throws {
        let distances = ObservedDistances(shortest: [1.0, 2.0], longest: [3.0, 4.5])
        var parameters = try PotentialParameters.initial(
            for: PotentialSpecification(species: ["A", "B"], cutoff: 5, shape: try DescriptorShape("3,-"),
                                        hiddenLayers: [2], activation: .gaussian, speciesWeightMode: .specific,
                                        widths: .fixed(0.75)),
            seed: 1)
        parameters.terms[0].centers = Matrix([[0.8, 2.0, 3.6], [1.0, 4.0, 4.25]])
        distances.confine(&parameters)
        // Row A's range is [1, 3]; row B's [2, 4.5] is cut to R_c − w = 4.25.
        #expect(parameters.terms[0].centers == Matrix([[1.0, 2.0, 3.0], [2.0, 4.0, 4.25]]))
    }

    /// Trained from scratch, every centre ends inside the data's range (the initial draw puts
    /// many beyond ethanol's longest distance), in the current and in the averaged weights.
    /// The initial weights are confined too, so the average holds no trace of a dead channel.
    @Test func aRunFromScratchKeepsEveryCentreOnTheData() throws {
        let session = try TrainerTests.session(training: TrainerTests.settings)
        let trainer = try session.trainer(resume: false)
        let distances = try #require(trainer.confinement)
        let drawn = try PotentialParameters.initial(for: PotentialSpecification(
            species: session.data.species, cutoff: session.config.model.cutoff,
            shape: try DescriptorShape(session.config.model.descriptor), hiddenLayers: session.config.model.hidden,
            activation: session.config.model.activation, speciesWeightMode: .specific,
            widths: session.config.model.widthPolicy), seed: session.config.training.seed)
        #expect(drawn.terms.contains { term in
            (0..<term.centers.rows).contains { row in
                (0..<term.centers.cols).contains { term.centers[row, $0] > distances.longest[row] }
            }
        }, "the draw puts no centre beyond the data")
        #expect(try trainer.run() == .finished)
        for parameters in [trainer.state.parameters, trainer.exportedParameters] {
            for term in parameters.terms {
                for row in 0..<term.centers.rows {
                    for u in 0..<term.centers.cols {
                        let centre = term.centers[row, u]
                        #expect(centre >= distances.shortest[row] - 1e-12 && centre <= distances.longest[row] + 1e-12,
                                "row \(row): centre \(centre) outside \(distances.shortest[row])...\(distances.longest[row])")
                    }
                }
            }
        }
    }
}
