import Atomistic
import Foundation
import PannaData
import Testing

/// PANNA example files: units converted with ASE's factors, crystal coordinates made Cartesian.
struct PannaJSONTests {
    func read(_ json: String) throws -> Structure {
        try PannaJSON.read(data: Data(json.utf8), source: "x.example")
    }

    @Test func bohrAndRydbergCrystalCoordinates() throws {
        let s = try read("""
            {"key": "abc", "name": "si2", "atomic_position_unit": "crystal",
             "unit_of_length": "bohr",
             "lattice_vectors": [[10.26, 0.0, 0.0], [0.0, 10.26, 0.0], [5.13, 5.13, 10.26]],
             "energy": [-15.8, "Ry"],
             "atoms": [[1, "Si", [0.0, 0.0, 0.0], [0.01, -0.02, 0.03]],
                       [2, "Si", [0.25, 0.25, 0.25], [-0.01, 0.02, -0.03]]]}
            """)
        let bohr = 0.5291772105638411, rydberg = 13.605693012183622
        #expect(Units.bohr == bohr && Units.rydberg == rydberg)
        #expect(s.species == ["Si", "Si"])
        #expect(s.energy == -15.8 * rydberg)
        #expect(s.cell?.c == SIMD3(5.13, 5.13, 10.26) * bohr)
        #expect(s.pbc == [true, true, true])
        let expected = (0.25 * SIMD3(10.26, 0, 0) + 0.25 * SIMD3(0, 10.26, 0)
                        + 0.25 * SIMD3(5.13, 5.13, 10.26)) * bohr
        #expect(s.positions[1] == expected)
        #expect(s.forces?[0] == SIMD3(0.01, -0.02, 0.03) * (rydberg / bohr))
        #expect(s.info == ["key": "abc", "name": "si2"])
    }

    @Test func hartreeAngstromCartesianMolecule() throws {
        let s = try read("""
            {"atomic_position_unit": "cartesian", "unit_of_length": "angstrom",
             "energy": [-76.4, "Ha"],
             "atoms": [[1, "O", [0.0, 0.0, 0.1173], [0, 0, 0.5]],
                       [2, "H", [0.0, 0.7572, -0.4692], [0, 0.1, -0.25]],
                       [3, "H", [0.0, -0.7572, -0.4692], [0, -0.1, -0.25]]]}
            """)
        #expect(s.cell == nil && s.pbc == [false, false, false])
        #expect(s.energy == -76.4 * 27.211386024367243)
        #expect(s.positions[1] == SIMD3(0.0, 0.7572, -0.4692))
        #expect(s.forces?[1] == SIMD3(0, 0.1, -0.25) * 27.211386024367243)
    }

    @Test func numbersAreExact() throws {
        let s = try read("""
            {"energy": [-4209.4657843064815, "eV"],
             "atoms": [[1, "C", [0.40162460, 0.1, 1.7976931348623157e308]]]}
            """)
        #expect(s.energy == -4209.4657843064815)
        // Foundation's JSONSerialization read this one 1 ulp off (as -4209.5238556645045).
        #expect(try read(#"{"energy": [-4209.523855664505, "eV"], "atoms": [[1, "H", [0, 0, 0]]]}"#).energy == -4209.523855664505)
        #expect(s.positions[0] == SIMD3(0.40162460, 0.1, 1.7976931348623157e308))
        #expect(s.forces == nil)
    }

    @Test(arguments: [
        (#"{"unit_of_length": "parsec", "atoms": [[1, "H", [0, 0, 0]]]}"#,
         "x.example: unit_of_length: unknown unit 'parsec' (expected angstrom or bohr)"),
        (#"{"energy": [1.0, "kJ"], "atoms": [[1, "H", [0, 0, 0]]]}"#,
         "x.example: energy: unknown unit 'kJ' (expected eV, Ry, Ha or kcal/mol)"),
        (#"{"atomic_position_unit": "alat", "atoms": [[1, "H", [0, 0, 0]]]}"#,
         "x.example: atomic_position_unit: unknown unit 'alat' (expected cartesian or crystal)"),
        (#"{"atomic_position_unit": "crystal", "atoms": [[1, "H", [0, 0, 0]]]}"#,
         "x.example: atomic_position_unit: crystal coordinates need lattice_vectors"),
        (#"{"atoms": [[1, "Qq", [0, 0, 0]]]}"#, "x.example: atoms[0]: unknown element 'Qq'"),
        (#"{"atoms": [[1, "H", [0, 0]]]}"#,
         "x.example: atoms[0]: expected [id, symbol, [x, y, z], [fx, fy, fz]], found [1, \"H\", [0, 0]]"),
        (#"{"atoms": [[1, "H", [0, 0, 0], [1, 1, 1]], [2, "H", [1, 0, 0]]]}"#,
         "x.example: atoms: 1 of 2 atoms have forces"),
        (#"{"lattice_vectors": [[1, 0, 0], [2, 0, 0], [0, 0, 1]], "atoms": [[1, "H", [0, 0, 0]]]}"#,
         "x.example: lattice_vectors: the cell has zero volume"),
        (#"{"atoms": [[1, "H", [0, 0, 0]], [2, "H", [0.05, 0, 0]]]}"#,
         "x.example: atoms: atoms 1 and 2 are 0.05 Å apart, closer than 0.1 Å"),
        (#"{"atoms": []}"#,
         "x.example: atoms: expected a non-empty list of [id, symbol, [x, y, z], [fx, fy, fz]]"),
        ("[1, 2]", "x.example: expected a JSON object at the top level"),
    ])
    func badFilesAreRefusedNamingTheKey(_ json: String, _ message: String) {
        #expect(inputErrorMessage { try read(json) } == message)
    }
}
