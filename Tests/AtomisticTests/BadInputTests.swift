import Atomistic
import Foundation
import Testing

/// Bad input gives one line naming the file, the line and the frame, and what was expected.
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        var options = ExtXYZ.ReadOptions()
        let message: String
        var testDescription: String { name }
    }

    static let plain = "Properties=species:S:1:pos:R:3"

    static let cases: [Case] = [
        Case(name: "truncated frame",
             text: "3\n\(plain)\nH 0 0 0\nH 1 0 0\n",
             message: "test.xyz:5: frame 1: expected 3 atoms, file ends after 2"),
        Case(name: "file ends before the comment line",
             text: "1\nenergy=1\nH 0 0 0\n2\n",
             message: "test.xyz:5: frame 2: file ends before the comment line"),
        Case(name: "fewer atom lines than the count",
             text: "3\n\(plain)\nH 0 0 0\nH 1 0 0\n3\n\(plain)\nH 0 0 0\nH 1 0 0\nH 2 0 0\n",
             message: "test.xyz:5: frame 1: expected 3 atoms, found 2 before '3' (the next "
                 + "frame's atom count?)"),
        Case(name: "more atom lines than the count",
             text: "1\n\(plain)\nH 0 0 0\nH 1 0 0\n",
             message: "test.xyz:4: frame 2: expected the atom count (a non-negative integer), "
                 + "found 'H 1 0 0'; does frame 1 have more atom lines than its count says?"),
        Case(name: "atom count far larger than the file",
             text: "99999999999\n\(plain)\nH 0 0 0\n",
             message: "test.xyz:4: frame 1: expected 99999999999 atoms, file ends after 1"),
        Case(name: "atom count that is not a number",
             text: "two\n\(plain)\nH 0 0 0\nH 1 0 0\n",
             message: "test.xyz:1: frame 1: expected the atom count (a non-negative integer), "
                 + "found 'two'"),
        Case(name: "blank line between frames",
             text: "1\n\(plain)\nH 0 0 0\n\n1\n\(plain)\nH 0 0 0\n",
             message: "test.xyz:4: frame 2: expected the atom count (a non-negative integer), "
                 + "found a blank line"),
        Case(name: "non-numeric position",
             text: "1\n\(plain)\nH 0 abc 0\n",
             message: "test.xyz:3: frame 1: atom 1: column pos: 'abc' is not a finite number"),
        Case(name: "non-numeric force",
             text: "1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 1 2 1.0d0\n",
             message: "test.xyz:3: frame 1: atom 1: column forces: '1.0d0' is not a finite "
                 + "number"),
        Case(name: "non-numeric skipped column",
             text: "1\nProperties=species:S:1:pos:R:3:tag:I:1\nH 0 0 0 1.5\n",
             message: "test.xyz:3: frame 1: atom 1: column tag: '1.5' is not an integer"),
        Case(name: "non-numeric energy",
             text: "1\nenergy=abc\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: energy: 'abc' is not a finite number"),
        Case(name: "unknown element",
             text: "2\n\(plain)\nH 0 0 0\nXx 1 0 0\n",
             message: "test.xyz:4: frame 1: atom 2: unknown element 'Xx'"),
        Case(name: "dummy element X",
             text: "1\n\(plain)\nX 0 0 0\n",
             message: "test.xyz:3: frame 1: atom 1: unknown element 'X'"),
        Case(name: "requested energy key missing from every frame",
             text: "1\nenergy=1\nH 0 0 0\n1\nenergy=2\nH 0 0 0\n",
             options: .init(energyKey: "REF_energy"),
             message: "test.xyz:2: frame 1: no frame has the energy key 'REF_energy'"),
        Case(name: "requested forces column missing from every frame",
             text: "1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 1 1 1\n",
             options: .init(forcesKey: "dft_force"),
             message: "test.xyz:2: frame 1: no frame has the forces column 'dft_force'"),
        Case(name: "required energy missing in one frame",
             text: "1\nProperties=species:S:1:pos:R:3:forces:R:3 energy=1\nH 0 0 0 1 1 1\n"
                 + "1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 1 1 1\n",
             options: .init(requireLabels: true),
             message: "test.xyz:5: frame 2: no energy: the comment line has no 'energy' key "
                 + "(labels are required)"),
        Case(name: "required forces missing",
             text: "1\n\(plain) energy=1\nH 0 0 0\n",
             options: .init(requireLabels: true),
             message: "test.xyz:2: frame 1: no forces: Properties=species:S:1:pos:R:3 has no "
                 + "'forces' column (labels are required)"),
        Case(name: "NaN position",
             text: "1\n\(plain)\nH nan 0 0\n",
             message: "test.xyz:3: frame 1: atom 1: column pos: 'nan' is not a finite number"),
        Case(name: "infinite force",
             text: "1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 0 -inf 0\n",
             message: "test.xyz:3: frame 1: atom 1: column forces: '-inf' is not a finite "
                 + "number"),
        Case(name: "energy that overflows",
             text: "1\nenergy=1e400\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: energy: '1e400' is not a finite number"),
        Case(name: "NaN in the lattice",
             text: "1\nLattice=\"3 0 0 0 NaN 0 0 0 3\"\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: Lattice: 'NaN' is not a finite number"),
        Case(name: "zero-volume cell",
             text: "1\nLattice=\"1 0 0 2 0 0 0 0 1\"\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: Lattice=\"1 0 0 2 0 0 0 0 1\" has zero volume "
                 + "(its vectors do not span space)"),
        Case(name: "lattice with 8 numbers",
             text: "1\nLattice=\"1 0 0 0 1 0 0 0\"\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: Lattice=\"1 0 0 0 1 0 0 0\" has 8 numbers, "
                 + "expected 9"),
        Case(name: "two atoms closer than 0.1 Å",
             text: "1\n\(plain)\nH 0 0 0\n3\n\(plain)\nO 0 0 0\nH 0.96 0 0\nH 0.95 0.05 0\n",
             message: "test.xyz:8: frame 2: atoms 2 and 3 are 0.051 Å apart, closer than "
                 + "0.1 Å"),
        Case(name: "two atoms closer than 0.1 Å across the periodic boundary",
             text: "2\nLattice=\"5 0 0 0 5 0 0 0 5\"\nAl 0.01 1 1\nAl 4.97 1 1\n",
             message: "test.xyz:4: frame 1: atom 2 and the image (1, 0, 0) of atom 1 are "
                 + "0.04 Å apart, closer than 0.1 Å"),
        Case(name: "an atom closer than 0.1 Å to its own image",
             text: "1\nLattice=\"0.05 0 0 0 5 0 0 0 5\"\nAl 0 0 0\n",
             message: "test.xyz:3: frame 1: atom 1 and its periodic image (-1, 0, 0) are "
                 + "0.05 Å apart, closer than 0.1 Å"),
        Case(name: "too many columns",
             text: "1\n\(plain)\nH 0 0 0 7\n",
             message: "test.xyz:3: frame 1: atom 1: more than the 4 columns of "
                 + "Properties=species:S:1:pos:R:3"),
        Case(name: "too few columns",
             text: "1\nProperties=species:S:1:pos:R:3:forces:R:3\nH 0 0 0 1 1\n",
             message: "test.xyz:3: frame 1: atom 1: 6 columns, expected 7 "
                 + "(Properties=species:S:1:pos:R:3:forces:R:3)"),
        Case(name: "unterminated quote",
             text: "1\nconfig_type=\"bulk energy=1\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: comment line: unterminated quote in "
                 + "\"bulk energy=1"),
        Case(name: "repeated key",
             text: "1\nenergy=1 energy=2\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: comment line: key 'energy' appears twice"),
        Case(name: "unknown column type",
             text: "1\nProperties=species:S:1:pos:R:3:spin:X:1\nH 0 0 0 1\n",
             message: "test.xyz:2: frame 1: Properties=species:S:1:pos:R:3:spin:X:1: column "
                 + "spin has type 'X', expected S, R, I or L"),
        Case(name: "no positions",
             text: "1\nProperties=species:S:1\nH\n",
             message: "test.xyz:2: frame 1: Properties=species:S:1 has no pos column"),
        Case(name: "forces column of the wrong shape",
             text: "1\nProperties=species:S:1:pos:R:3:forces:R:1\nH 0 0 0 1\n",
             message: "test.xyz:2: frame 1: Properties=species:S:1:pos:R:3:forces:R:1: column "
                 + "forces is R:1, expected R:3"),
        Case(name: "bad pbc",
             text: "1\nLattice=\"3 0 0 0 3 0 0 0 3\" pbc=\"T T\"\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: pbc=\"T T\" is not three (or one) of T/F"),
        Case(name: "periodic without a lattice",
             text: "1\npbc=\"T T T\"\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: pbc=\"T T T\" is periodic but the frame has no "
                 + "Lattice"),
        Case(name: "stress of 4 numbers",
             text: "1\nLattice=\"3 0 0 0 3 0 0 0 3\" stress=\"1 2 3 4\"\nH 0 0 0\n",
             message: "test.xyz:2: frame 1: stress=\"1 2 3 4\" has 4 numbers, expected 9 or 6"),
        Case(name: "species and atomic number disagree",
             text: "1\nProperties=species:S:1:pos:R:3:Z:I:1\nSi 0 0 0 6\n",
             message: "test.xyz:3: frame 1: atom 1: species Si but atomic number 6"),
        Case(name: "empty file",
             text: "\n\n",
             message: "test.xyz: no frames: the file is empty"),
    ]

    @Test(arguments: cases)
    func rejectedWithOneLineNamingFileLineAndFrame(_ c: Case) {
        let message = inputErrorMessage { try readText(c.text, options: c.options) }
        #expect(message == c.message)
        #expect(message?.contains("\n") == false)
    }

    @Test func missingFileIsNamed() {
        let message = inputErrorMessage { try ExtXYZ.read(path: "/nonexistent/x.xyz") }
        #expect(message?.hasPrefix("/nonexistent/x.xyz: cannot read: ") == true)
    }

    @Test func realFileErrorsNameThePathGiven() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("broken.xyz").path
        try "2\nenergy=1\nH 0 0 0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(inputErrorMessage { try ExtXYZ.read(path: path) }
                == "\(path):4: frame 1: expected 2 atoms, file ends after 1")
    }
}
