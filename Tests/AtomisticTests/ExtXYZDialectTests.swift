import Atomistic
import Testing

/// The ASE dialect of extended XYZ, one feature at a time.
struct ExtXYZDialectTests {
    @Test func quotedValuesEscapesAndKeysWithoutValue() throws {
        let text = #"""
        1
        Lattice="3 0 0 0 3 0 0 0 3" Properties=species:S:1:pos:R:3 name='two words' tag={a b} flag note="say \"hi\"" path=a\ b energy = -1.5 list=[1, 2]
        Si 0 0 0
        """#
        let s = try #require(try readText(text).first)
        #expect(s.energy == -1.5)
        #expect(s.info == ["name": "two words", "tag": "a b", "flag": "T", "note": #"say "hi""#,
                           "path": "a b", "list": "1, 2"])
        #expect(s.cell == .orthorhombic(3, 3, 3))
    }

    @Test(arguments: [
        (#"pbc="T T F""#, [true, true, false]),
        ("pbc=[T, T, T]", [true, true, true]),
        ("pbc=[F, T, F]", [false, true, false]),
        ("pbc=T", [true, true, true]),
        ("pbc=F", [false, false, false]),
        (#"pbc="True false TRUE""#, [true, false, true]),
        ("", [true, true, true]),
    ])
    func pbcForms(_ pbc: String, _ expected: [Bool]) throws {
        let text = "1\nLattice=\"4 0 0 0 4 0 0 0 4\" \(pbc)\nCu 0 0 0\n"
        let s = try #require(try readText(text).first)
        #expect(s.pbc == expected)
        #expect(s.cell == .orthorhombic(4, 4, 4))
    }

    @Test func noLatticeMeansNoCellAndNoPeriodicity() throws {
        let s = try #require(try readText("2\nenergy=1\nH 0 0 0\nH 0.74 0 0\n").first)
        #expect(s.cell == nil && s.pbc == [false, false, false] && s.energy == 1)
        let zero = "1\nLattice=\"0 0 0 0 0 0 0 0 0\" pbc=\"F F F\"\nH 0 0 0\n"
        #expect(try readText(zero)[0].cell == nil)
    }

    @Test func plainXYZWithAFreeTextComment() throws {
        let s = try #require(try readText("1\nwater molecule\nO 0 0 0\n").first)
        #expect(s.species == ["O"] && s.info == ["water": "T", "molecule": "T"])
    }

    @Test func extraColumnsOfEveryTypeAreSkipped() throws {
        let text = """
        2
        Properties=tag:I:1:species:S:1:mask:L:1:pos:R:3:label:S:1:vel:R:2:forces:R:3 energy=-3
        7 Ti T 0.0 0.0 0.0 first 1.5 -2e3 0.25 -0.5 1.0
        -1 Al False 1.5 1.5 1.5 second 0 0 -0.25 0.5 -1.0
        """
        let s = try #require(try readText(text).first)
        #expect(s.species == ["Ti", "Al"])
        #expect(s.positions == [SIMD3(0, 0, 0), SIMD3(1.5, 1.5, 1.5)])
        #expect(s.forces == [SIMD3(0.25, -0.5, 1.0), SIMD3(-0.25, 0.5, -1.0)])
    }

    static let labelled = """
        2
        Properties=species:S:1:pos:R:3:force:R:3:REF_forces:R:3 energy=-1 REF_energy=-2 dft_energy=-3
        H 0 0 0 1 2 3 4 5 6
        H 0 0 1 -1 -2 -3 -4 -5 -6
        """

    @Test func forceColumnStandsInForForces() throws {
        let s = try readText(Self.labelled)[0]
        #expect(s.energy == -1)
        #expect(s.forces == [SIMD3(1, 2, 3), SIMD3(-1, -2, -3)])
        #expect(s.info == ["REF_energy": "-2", "dft_energy": "-3"])
    }

    @Test func configurableKeys() throws {
        let options = ExtXYZ.ReadOptions(energyKey: "REF_energy", forcesKey: "REF_forces")
        let s = try readText(Self.labelled, options: options)[0]
        #expect(s.energy == -2)
        #expect(s.forces == [SIMD3(4, 5, 6), SIMD3(-4, -5, -6)])
        #expect(s.info == ["energy": "-1", "dft_energy": "-3"])
        let explicitForce = try readText(Self.labelled, options: .init(forcesKey: "force"))[0]
        #expect(explicitForce.forces == [SIMD3(1, 2, 3), SIMD3(-1, -2, -3)])
    }

    @Test func forcesWinsOverForceWhenBothExist() throws {
        let text = "1\nProperties=species:S:1:pos:R:3:force:R:3:forces:R:3\nH 0 0 0 1 1 1 2 2 2\n"
        #expect(try readText(text)[0].forces == [SIMD3(2, 2, 2)])
    }

    /// 9 numbers are a 3×3 matrix in Fortran order (ASE); 6 are Voigt xx yy zz yz xz xy.
    @Test func stressAndVirialIn9And6Numbers() throws {
        let text = """
        1
        Lattice="3 0 0 0 3 0 0 0 3" stress="1 2 3 4 5 6 7 8 9" virial="1 2 3 4 5 6"
        Si 0 0 0
        """
        let s = try readText(text)[0]
        #expect(s.stress == [1, 4, 7, 2, 5, 8, 3, 6, 9])
        #expect(s.virial == [1, 6, 5, 6, 2, 4, 5, 4, 3])
        let renamed = text.replacingOccurrences(of: "stress=", with: "REF_stress=")
        #expect(try readText(renamed, options: .init(stressKey: "REF_stress"))[0].stress
                == [1, 4, 7, 2, 5, 8, 3, 6, 9])
    }

    @Test func speciesFromAtomicNumbersAndCaseNormalisation() throws {
        let numbers = "2\nProperties=Z:I:1:pos:R:3\n14 0 0 0\n8 1 1 1\n"
        #expect(try readText(numbers)[0].species == ["Si", "O"])
        let both = "2\nProperties=species:S:1:pos:R:3:Z:I:1\nSI 0 0 0 14\nsi 1 1 1 14\n"
        #expect(try readText(both)[0].species == ["Si", "Si"])
    }

    @Test func windowsLineEndingsTabsAndMissingFinalNewline() throws {
        let text = "1\r\nProperties=species:S:1:pos:R:3 energy=2.5\r\n\tNa\t1.0 2.0\t3.0 \r\n"
            + "1\r\nenergy=3\r\nCl 0 0 0"
        let frames = try readText(text)
        #expect(frames.map(\.energy) == [2.5, 3])
        #expect(frames[0].positions == [SIMD3(1, 2, 3)])
    }

    @Test func trailingBlankLinesAndEmptyFrames() throws {
        let frames = try readText("0\nenergy=0\n1\n\nHe 0 0 0\n\n\n  \n")
        #expect(frames.map(\.atomCount) == [0, 1])
        #expect(frames[1].info.isEmpty && frames[1].energy == nil)
    }

    @Test func labelsMayBeMissingInSomeFramesUnlessRequired() throws {
        let text = "1\nenergy=1\nH 0 0 0\n1\nconfig_type=unlabelled\nH 0 0 0\n"
        let frames = try readText(text)
        #expect(frames.map(\.energy) == [1, nil])
        #expect(frames.allSatisfy { $0.forces == nil })
    }

    /// Every number is the correctly rounded Double, as Python's float() gives.
    @Test func numbersAreCorrectlyRounded() throws {
        let tokens = [
            "0.1", "-0.0", "5.", ".5", "+3", "1E5", "1e+22", "1e23", "-2.5e-3", "0.30000000000000004",
            "9007199254740993", "123456789012345678901234567890", "1e-320", "4.9e-324",
            "2.2250738585072011e-308", "1.7976931348623157e308",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.000000000000000111022302462515654042363166809082031250001",
            "0.000000000000000000000000000000000000001234567890123456789",
            "3.141592653589793238462643383279502884197", "-12.60128838", "1234567.8901234567",
        ]
        var text = "\(tokens.count)\nProperties=species:S:1:pos:R:3\n"
        for token in tokens { text += "H 0 \(token) \(100 * tokens.firstIndex(of: token)!)\n" }
        let s = try readText(text, options: .init(minimumSeparation: 0))[0]
        for (index, token) in tokens.enumerated() {
            let expected = try #require(Double(token))
            #expect(s.positions[index].y.bitPattern == expected.bitPattern, "\(token)")
        }
    }
}
