import Export
import Foundation
import Latte
import Linalg
import Testing

/// Potentials that pair_style latte would evaluate differently are refused with one line naming
/// why, before any file is written; files the plugin would misread are refused on reading.
@Suite struct PannaRefusalTests {
    typealias Support = ExportTestSupport
    let prefix = "cannot export for PANNA's pair_style latte: "

    func refusal(_ parameters: PotentialParameters) -> String? {
        do {
            _ = try PannaLammpsExport.files(for: parameters)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func refusesTanhActivation() throws {
        #expect(refusal(try Support.potential("radial_si")) == prefix
            + "the hidden layers use the tanh activation, and pair_style latte computes only gaussian (exp(-x^2))")
    }

    @Test func refusesCommonSpeciesWeights() throws {
        var potential = try Support.potential("common_och")
        potential.activation = .gaussian
        #expect(refusal(potential) == prefix + "the potential has common species weights, and pair_style latte reads only "
            + "specific ones (a weight per centre and neighbour species, centres and widths per centre species)")
    }

    @Test func acceptsAnyActivationWithoutHiddenLayers() throws {
        let specification = PotentialSpecification(
            species: ["Si"], cutoff: 4.0, shape: try DescriptorShape("3,-:2,i,i"), hiddenLayers: [],
            activation: .tanh, widths: .learned(minimum: 0.5, maximum: 1.5))
        let potential = try PotentialParameters.initial(for: specification, seed: 3)
        #expect(refusal(potential) == nil)
        #expect(try PannaLammpsImport.read(files: PannaLammpsExport.files(for: potential)).activation == .gaussian)
    }

    @Test func refusesSpeciesArchitecturesThatDiffer() throws {
        var potential = try Support.potential("full_tial")
        var layers = potential.networks[1].layers
        layers[1] = DenseLayer(weight: Matrix(rows: 3, cols: 8), bias: Matrix(rows: 1, cols: 3))
        layers[2] = DenseLayer(weight: Matrix(rows: 1, cols: 3), bias: Matrix(rows: 1, cols: 1))
        potential.networks[1].layers = layers
        #expect(refusal(potential) == prefix
            + "pair_style latte uses one network architecture for every species, and Ti has layer sizes 19-8-4-1 but Al has 19-8-3-1")
    }

    @Test func refusesAChannelReachingPastTheCutoff() throws {
        var potential = try Support.potential("full_si")
        potential.terms[1].centers[0, 2] = 4.0
        potential.terms[1].widths[0, 2] = 0.75
        #expect(refusal(potential) == prefix + "the channel of descriptor.terms[1].centers[0][2] reaches c + w = 4.75 Å, "
            + "beyond the cutoff 4.5 Å; pair_style latte does not cut pairs at the cutoff, so it would count neighbours Latte ignores")
    }

    @Test func refusesNumbersFloat32CannotHold() throws {
        var potential = try Support.potential("full_cho")
        potential.networks[2].layers[0].weight[1, 3] = 1e39
        #expect(refusal(potential) == prefix + "networks.species.O.layers[0].weight[1][3] = 1e+39 is too large for float32, the plugin's number type")
        potential = try Support.potential("full_cho")
        potential.terms[0].widths[1, 0] = 1e-50
        #expect(refusal(potential) == prefix + "descriptor.terms[0].widths[1][0] = 1e-50 rounds to zero in float32, the plugin's number type")
    }

    @Test func refusesSpeciesSymbolsPannaInCannotCarry() throws {
        var potential = try Support.potential("full_tial")
        potential.species[1] = "Al,2"
        #expect(refusal(potential) == prefix + "the species symbol 'Al,2' cannot be written in panna.in (letters, digits and _ only)")
    }

    @Test func refusesInconsistentParameters() throws {
        var potential = try Support.potential("full_si")
        potential.networks[0].offset = .nan
        #expect(refusal(potential) == prefix + "the potential is inconsistent: networks.species.Si.offset: expected a finite number, found nan")
    }

    @Test func writesNothingWhenRefusing() throws {
        let potential = try Support.potential("radial_si")
        try Support.withTemporaryFolder { temporary in
            let folder = temporary + "/never"
            #expect(throws: PannaLammpsExportError.activation(.tanh)) { try PannaLammpsExport.write(potential, to: folder) }
            #expect(!FileManager.default.fileExists(atPath: folder))
        }
    }

    // MARK: reading

    func readingError(_ files: [(name: String, bytes: [UInt8])]) -> String? {
        do {
            _ = try PannaLammpsImport.read(files: files)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func exported(_ edit: (inout String) -> Void = { _ in }, model: ([UInt8]) -> [UInt8] = { $0 }) throws
        -> [(name: String, bytes: [UInt8])] {
        let files = try PannaLammpsExport.files(for: try Support.potential("full_tial"))
        var text = String(decoding: files[1].bytes, as: UTF8.self)
        edit(&text)
        return [("model.bin", model(files[0].bytes)), ("panna.in", Array(text.utf8))]
    }

    @Test func refusesABinaryOfTheWrongSize() throws {
        #expect(readingError(try exported(model: { Array($0.dropLast(4)) })) == "model.bin: expected 2952 bytes "
            + "(738 float32 values for these species, descriptor and architecture), found 2948")
    }

    @Test func refusesWhatThePluginWouldMisread() throws {
        #expect(readingError(try exported { $0.removeLast() }) == "panna.in: line 12: the last line has no newline; pair_style latte would ignore it")
        #expect(readingError(try exported { $0 += "[section]\n" }) == "panna.in: line 13: '[section]' is not key=value; pair_style latte would stop reading here")
        #expect(readingError(try exported { $0 = $0.replacingOccurrences(of: "activation=0", with: "activation=1") })
            == "panna.in: activation=1: only activation=0 is read here (0 is the gaussian exp(-x^2), the plugin's only activation)")
        #expect(readingError(try exported { $0 = $0.replacingOccurrences(of: "3,1,2[1(0,),1(0,),]", with: "3,1,2[1(0),1(0)]") })?
            .hasSuffix("block 2 '3,1,2[1(0),1(0)]': body '1(0)': every index must be followed by a comma, as pair_style latte reads it") == true)
        #expect(readingError(try exported { $0 = $0.replacingOccurrences(of: "architecture=4,19,8,4,1", with: "architecture=3,19,8,4,1") })
            == "panna.in: architecture=3,19,8,4,1: expected the number of sizes, then the sizes, as in 'architecture=4,56,64,64,1'")
    }
}
