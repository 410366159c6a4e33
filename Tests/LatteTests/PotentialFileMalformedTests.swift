import Foundation
import Latte
import Testing

/// Each way a `potential.json` can be wrong, with the exact one-line message it must produce.
@Suite struct PotentialFileMalformedTests {
    static func validText(mode: SpeciesWeightMode = .specific) -> String {
        let specification = PotentialSpecification(species: ["H", "C", "O"], cutoff: 4, shape: try! DescriptorShape("2,-:2,i,i"),
                                                   hiddenLayers: [3], speciesWeightMode: mode,
                                                   widths: .learned(minimum: 0.5, maximum: 1.5))
        return try! PotentialFile.encode(try! PotentialParameters.initial(for: specification, seed: 1))
    }

    /// The valid document with the value at a dotted path (`a.b.2.c`) replaced, or removed when
    /// `value` is nil.
    static func edited(_ path: String, to value: Any?, mode: SpeciesWeightMode = .specific) -> String {
        let document = try! JSONSerialization.jsonObject(with: Data(validText(mode: mode).utf8))
        let steps = path.split(separator: ".").map(String.init)
        let result = replacing(document, steps: steps[...], with: value)
        return String(decoding: try! JSONSerialization.data(withJSONObject: result), as: UTF8.self)
    }

    private static func replacing(_ node: Any, steps: ArraySlice<String>, with value: Any?) -> Any {
        let step = steps.first!
        let isLast = steps.count == 1
        if var array = node as? [Any], let index = Int(step) {
            if isLast && value == nil {
                array.remove(at: index)
            } else {
                array[index] = isLast ? value! : replacing(array[index], steps: steps.dropFirst(), with: value)
            }
            return array
        }
        var object = node as! [String: Any]
        object[step] = isLast ? value : replacing(object[step]!, steps: steps.dropFirst(), with: value)
        return object
    }

    static func message(decoding text: String) -> String? {
        do {
            _ = try PotentialFile.decode(text, source: "potential.json")
            return nil
        } catch {
            return (error as? PotentialFileError)?.description ?? "unexpected error type: \(error)"
        }
    }

    @Test func theBaseDocumentIsValid() {
        #expect(Self.message(decoding: Self.validText()) == nil)
        #expect(Self.message(decoding: Self.validText(mode: .common)) == nil)
    }

    @Test(arguments: [
        ("format", "panna-potential", #"potential.json: format: expected "latte-potential", found "panna-potential""#),
        ("version", 2, "potential.json: version: expected 1 (the only version this program reads), found 2.0"),
        ("units.length", "bohr", #"potential.json: units.length: expected "angstrom", found "bohr" (potentials are stored in Å and eV)"#),
        ("cutoff", nil, "potential.json: cutoff: missing"),
        ("cutoff", -1, "potential.json: cutoff: expected a positive number of Å, found -1.0"),
        ("species", ["H", "C", "H"], "potential.json: species[2]: 'H' is listed twice"),
        ("species", ["H", "C"], "potential.json: descriptor.terms[0].weights: expected 2 × 2 rows of 2 numbers (weights[s_i][s_j][u]), found an array of 3 items"),
        ("descriptor.shape", "2,-:2,i,j", "potential.json: descriptor.shape: descriptor shape '2,-:2,i,j': term 2 '2,i,j': letter 'i' appears once; every letter must appear exactly twice for a rotation invariant"),
        ("descriptor.shape", "2,-", "potential.json: descriptor.terms: expected 1 term (one per term of the shape '2,-'), found 2"),
        ("descriptor.species_weights", "mixed", #"potential.json: descriptor.species_weights: expected "specific" or "common", found "mixed""#),
        ("descriptor.terms.1.term", "2,ij,ij", #"potential.json: descriptor.terms[1].term: expected "2,i,i" (the shape's term in this position), found "2,ij,ij""#),
        ("descriptor.terms.1.centers.2.3", nil, "potential.json: descriptor.terms[1].centers[2]: expected 4 numbers, found 3"),
        ("descriptor.terms.0.widths.1.0", "wide", "potential.json: descriptor.terms[0].widths[1][0]: expected a number, found a string"),
        ("descriptor.terms.0.widths.1.0", -0.5, "potential.json: descriptor.terms[0].widths[1][0]: expected a positive width (Å), found -0.5"),
        ("descriptor.terms.0.centers.0.1", 0, "potential.json: descriptor.terms[0].centers[0][1]: expected a positive centre (Å), found 0.0"),
        ("descriptor.terms.1.weights.2.1", 7, "potential.json: descriptor.terms[1].weights[2][1]: expected a row of 4 numbers, found a number"),
        ("networks.activation", "relu", #"potential.json: networks.activation: expected one of gaussian, tanh, silu, softplus, linear, found "relu""#),
        ("networks.species.O", nil, "potential.json: networks.species: missing the network of species 'O'"),
        ("networks.species.N", ["offset": 0, "layers": []] as [String: Any], "potential.json: networks.species.N: 'N' is not one of the potential's species [H, C, O]"),
        ("networks.species.H.offset", nil, "potential.json: networks.species.H.offset: missing"),
        ("networks.species.C.layers", [Any](), "potential.json: networks.species.C.layers: expected at least one layer"),
        ("networks.species.C.layers.0.weight.1", nil, "potential.json: networks.species.C.layers[0].weight: expected 3 rows of 4 numbers, found 2 rows"),
        ("networks.species.C.layers.0.weight.1.2", nil, "potential.json: networks.species.C.layers[0].weight[1]: expected 4 numbers, found 3"),
        ("networks.species.O.layers.1.bias", [0, 0], "potential.json: networks.species.O.layers[1].bias: expected 1 number (the last layer has one output: the atomic energy), found 2"),
    ] as [(String, Any?, String)])
    func refusesWithOneLineNamingTheField(path: String, value: Any?, message: String) {
        #expect(Self.message(decoding: Self.edited(path, to: value)) == message)
    }

    @Test func commonModeTakesOneSharedRowOfCentresFlatOrNested() {
        #expect(Self.message(decoding: Self.edited("descriptor.terms.0.centers", to: [1.5, 2.5], mode: .common)) == nil)
        #expect(Self.message(decoding: Self.edited("descriptor.terms.0.widths", to: [[1.0, 1.1], [1.0, 1.1], [1.0, 1.1]], mode: .common))
                == "potential.json: descriptor.terms[0].widths: expected 1 row of 2 numbers, found 3 rows")
    }

    @Test func ignoresUnknownKeys() {
        #expect(Self.message(decoding: Self.edited("training", to: ["epochs": 200])) == nil)
        #expect(Self.message(decoding: Self.edited("descriptor.note", to: "made by hand")) == nil)
    }

    @Test func refusesTextThatIsNotJSON() {
        let text = Self.validText()
        #expect(Self.message(decoding: text.replacingOccurrences(of: "\"cutoff\": 4.0", with: "\"cutoff\": NaN"))
                == "potential.json: line 9, column 13: not valid JSON: non-finite number (NaN or Infinity) is not valid JSON; every number must be finite")
        #expect(Self.message(decoding: text.replacingOccurrences(of: "\"cutoff\": 4.0", with: "\"cutoff\": 1e999"))
                == "potential.json: line 9, column 13: not valid JSON: the number 1e999 is outside the range of a Double")
        #expect(Self.message(decoding: text.replacingOccurrences(of: "\"version\": 1,", with: "\"version\": 1, \"format\": \"x\","))
                == #"potential.json: line 3, column 17: not valid JSON: duplicate key "format""#)
        #expect(Self.message(decoding: "{\"format\": ") == "potential.json: line 1, column 12: not valid JSON: unexpected end of file; expected a value")
        #expect(Self.message(decoding: "[]") == "potential.json: (top level): expected an object, found an array of 0 items")
    }

    @Test func namesAMissingFile() {
        #expect {
            _ = try PotentialFile.read(contentsOf: "/nonexistent/potential.json")
        } throws: { error in
            (error as? PotentialFileError)?.description == "/nonexistent/potential.json: no such file"
        }
    }
}
