import Atomistic
import Testing

/// Cells, elements and units.
struct BasicsTests {
    @Test func cellVolumeFractionalAndCartesian() {
        let cell = Cell(a: SIMD3(3, 0, 0), b: SIMD3(1, 2, 0), c: SIMD3(0.5, 0.5, 4))
        #expect(cell.volume == 24 && cell.determinant == 24)
        let x = SIMD3(1.7, -0.3, 2.9)
        let s = cell.fractional(x)
        #expect(length(cell.cartesian(s) - x) < 1e-14)
        #expect(cell.fractional(cell.a) == SIMD3(1, 0, 0))
        #expect(cell.translation(SIMD3(1, -2, 3)) == 1 * cell.a - 2 * cell.b + 3 * cell.c)
        let faces = SIMD3(length(SIMD3(8, -4, -0.5)), length(SIMD3(0, 12, -1.5)), 6)
        #expect(length(cell.heights - 24 / faces) < 1e-14)
        #expect(!cell.isDegenerate)
        #expect(Cell(a: SIMD3(1, 0, 0), b: SIMD3(0, 1, 0), c: SIMD3(1, 1, 0)).isDegenerate)
        #expect(Cell(rows: [.zero, .zero, .zero]).isDegenerate)
        #expect(Cell.orthorhombic(1e-4, 1e-4, 1e-4).isDegenerate == false)
    }

    @Test func elements() {
        #expect(Element.symbols.count == 118)
        #expect(Element(symbol: "Si")?.atomicNumber == 14)
        #expect(Element(symbol: "Og")?.atomicNumber == 118)
        #expect(Element(atomicNumber: 1)?.symbol == "H")
        #expect(Element(symbol: "SI") == nil && Element(symbol: "X") == nil)
        #expect(Element(symbol: "") == nil && Element(atomicNumber: 0) == nil)
        #expect(Element(atomicNumber: 119) == nil)
        for z in 1...118 { #expect(Element(symbol: Element.symbols[z - 1])?.atomicNumber == z) }
    }

    /// The values of `ase.units` (ASE 3.29, CODATA 2014), printed by Python's repr.
    @Test func unitsAreASEs() {
        #expect(Units.bohr == 0.5291772105638411)
        #expect(Units.rydberg == 13.605693012183622)
        #expect(Units.hartree == 27.211386024367243)
        #expect(Units.kcalPerMol == 0.04336410390059322)
        #expect(Units.gigapascal == 0.006241509125883258)
        #expect(Units.bar == 6.241509125883258e-07)
        #expect(Units.energyFactor(named: "Ry") == Units.rydberg)
        #expect(Units.energyFactor(named: "eV") == 1)
        #expect(Units.lengthFactor(named: "Bohr") == Units.bohr)
        #expect(Units.lengthFactor(named: "nm") == nil)
        #expect(Units.pressureFactor(named: "GPa") == Units.gigapascal)
    }

    @Test func voigtExpansion() {
        #expect(Structure.fullTensor(voigt: [1, 2, 3, 4, 5, 6]) == [1, 6, 5, 6, 2, 4, 5, 4, 3])
    }

    @Test func inputErrorDescription() {
        #expect(InputError(file: "a.xyz", line: 3, frame: 2, message: "bad").description
                == "a.xyz:3: frame 2: bad")
        #expect(InputError(file: "a.json", message: "bad").description == "a.json: bad")
    }
}
