import Atomistic
import Foundation
import Testing

/// What the writer writes reads back to the same structures (and ASE reads it: checked by hand
/// with `ase.io.read(path, ":")`, see the report of issue 3).
struct ExtXYZWriterTests {
    @Test(arguments: ["ethanol/isolated_atoms.xyz", "ethanol/test.xyz", "silicon/test.xyz",
                      "tial/tial.xyz"])
    func datasetsRoundTripExactly(_ file: String) throws {
        let frames = try ExtXYZ.read(path: dataset(file))
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.xyz").path
        try ExtXYZ.write(frames, to: path)
        #expect(try ExtXYZ.read(path: path) == frames)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.xyz"])
    }

    @Test func everyFieldRoundTrips() throws {
        let cell = Cell(a: SIMD3(4.1, 0, 0), b: SIMD3(0.3, 3.9, 0), c: SIMD3(-0.2, 0.1, 5.0))
        let structure = Structure(
            species: ["Ti", "Al"], positions: [SIMD3(0, 0, 0), SIMD3(2.05, 1.95 + 1e-15, -3.5)],
            cell: cell, pbc: [true, true, false], energy: -1703.6406382200001,
            forces: [SIMD3(0.1, -0.2, 1e-300), SIMD3(-0.1, 0.2, -1e-300)],
            stress: [1, 2, 3, 4, 5, 6, 7, 8, 9], virial: Structure.fullTensor(voigt: [1, 2, 3, 4, 5, 6]),
            info: ["config_type": "bulk strained", "quote": #"say "hi" \ bye"#, "empty": "",
                   "eq": "a=b", "list": "[1, 2]"])
        let text = try ExtXYZ.encode([structure])
        #expect(try readText(text) == [structure])
    }

    @Test func extraColumnsAndOtherKeys() throws {
        let structure = Structure(species: ["H", "H"], positions: [.zero, SIMD3(0.74, 0, 0)],
                                  energy: -31.5, forces: [SIMD3(1, 0, 0), SIMD3(-1, 0, 0)])
        let reference = ExtXYZ.Column(name: "ref_forces", vectors: [SIMD3(2, 0, 0), SIMD3(-2, 0, 0)])
        var labelled = structure
        labelled.info["ref_energy"] = "-31.25"
        let text = try ExtXYZ.encode([labelled], extraColumns: [[reference]])
        #expect(text == """
            2
            Properties=species:S:1:pos:R:3:forces:R:3:ref_forces:R:3 energy=-31.5 ref_energy=-31.25 pbc="F F F"
            H 0.0 0.0 0.0 1.0 0.0 0.0 2.0 0.0 0.0
            H 0.74 0.0 0.0 -1.0 0.0 0.0 -2.0 0.0 0.0

            """)
        let back = try readText(text, options: .init(energyKey: "ref_energy",
                                                     forcesKey: "ref_forces"))[0]
        #expect(back.energy == -31.25 && back.forces == [SIMD3(2, 0, 0), SIMD3(-2, 0, 0)])
        #expect(back.info == ["energy": "-31.5"])
    }

    @Test func refusesWhatCannotBeReadBack() {
        var nan = Structure(species: ["H"], positions: [.zero], energy: .nan)
        #expect(inputErrorMessage { try ExtXYZ.encode([nan]) }
                == "<output>: frame 1: nan cannot be written")
        nan.energy = 1
        nan.info["energy"] = "2"
        #expect(inputErrorMessage { try ExtXYZ.encode([nan]) }
                == "<output>: frame 1: info key 'energy' collides with the energy written by "
                   + "the frame")
        let dummy = Structure(species: ["X"], positions: [.zero])
        #expect(inputErrorMessage { try ExtXYZ.encode([dummy]) }
                == "<output>: frame 1: atom 1: unknown element 'X'")
    }

    @Test func failedWriteLeavesTheOldFileAlone() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("keep.xyz").path
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        let bad = Structure(species: ["H"], positions: [SIMD3(.infinity, 0, 0)])
        #expect(throws: InputError.self) { try ExtXYZ.write([bad], to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(throws: InputError.self) {
            try ExtXYZ.write([], to: folder.appendingPathComponent("no/such/dir.xyz").path)
        }
    }
}
