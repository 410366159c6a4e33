import Atomistic
import Testing

/// Every file of `datasets/` reads to exactly what ASE 3.29 reads (`ase.io.read(path, ":")`):
/// the hashes are FNV-1a of the float64 bytes of ASE's arrays, so every bit of every energy,
/// force, position and cell component is pinned.
struct DatasetTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        let file: String
        let frames: Int
        let atoms: Int
        let counts: UInt64
        let energies: UInt64
        let forces: UInt64?
        let positions: UInt64
        let cells: UInt64
        let numbers: UInt64
        let periodic: Bool
        let firstEnergy: Double
        let lastEnergy: Double
        var testDescription: String { file }
    }

    static let expected: [Expected] = [
        Expected(file: "ethanol/isolated_atoms.xyz", frames: 4, atoms: 4,
                 counts: 0xfdcdb80e5fd8d165, energies: 0x3cf94fe63787578d, forces: nil,
                 positions: 0x243cfa845185aa5, cells: 0x66e368127e9e89a5,
                 numbers: 0x8ebb0e75e93780cd, periodic: false,
                 firstEnergy: -13.568422383046626, lastEnergy: -1479.0665594928669),
        Expected(file: "ethanol/train.xyz", frames: 1000, atoms: 9000,
                 counts: 0xc252bd0d36ce21a5, energies: 0xe37fbe33285ef7cd,
                 forces: 0xec52d45da68cf110, positions: 0x7b467ddc8a518fac,
                 cells: 0x252aaa94271cb9a5, numbers: 0x2d2f9041ecd1ff25, periodic: false,
                 firstEnergy: -4209.4657843064815, lastEnergy: -4209.592337303737),
        Expected(file: "ethanol/test.xyz", frames: 1000, atoms: 9000,
                 counts: 0xc252bd0d36ce21a5, energies: 0x1fa52c4fdb56da23,
                 forces: 0xdee0dde4cd35dbef, positions: 0xfcf6fe730b621365,
                 cells: 0x252aaa94271cb9a5, numbers: 0x2d2f9041ecd1ff25, periodic: false,
                 firstEnergy: -4209.395215196984, lastEnergy: -4209.6058531877225),
        Expected(file: "silicon/train.xyz", frames: 214, atoms: 13233,
                 counts: 0x16248fae647360c0, energies: 0x28aa0cbb5955a9e7,
                 forces: 0x9d3007ace7b1fc63, positions: 0x7585c72f37c5d755,
                 cells: 0x2dcdd3d089072cf2, numbers: 0xc2f2a929aabe868b, periodic: true,
                 firstEnergy: -295.49753016, lastEnergy: -347.22070254),
        Expected(file: "silicon/test.xyz", frames: 25, atoms: 1525,
                 counts: 0x3b33e1351b6c5c86, energies: 0xbf7418a322c69a53,
                 forces: 0x373948316b95a644, positions: 0x7938e9928cfaa9cf,
                 cells: 0xea5f475976f517c1, numbers: 0xcf260657672728b, periodic: true,
                 firstEnergy: -297.62773938, lastEnergy: -341.22165747),
        Expected(file: "tial/tial.xyz", frames: 329, atoms: 1756,
                 counts: 0x9486cb28a1f5ebf1, energies: 0xbcd62fe032dbc41e,
                 forces: 0x13c1be7a4862293a, positions: 0x34c94448def66e6,
                 cells: 0xb32309fa22d35aca, numbers: 0x33892ef8d282dd65, periodic: true,
                 firstEnergy: -1703.64063822, lastEnergy: -108891.754076),
    ]

    @Test(arguments: expected)
    func readsWhatASEReads(_ e: Expected) throws {
        let frames = try ExtXYZ.read(path: dataset(e.file))
        #expect(frames.count == e.frames)
        #expect(frames.reduce(0) { $0 + $1.atomCount } == e.atoms)
        #expect(fnv1a(bitPatterns: frames.map { Int64($0.atomCount) }) == e.counts)
        #expect(fnv1a(frames.map { $0.energy ?? .nan }) == e.energies)
        #expect(frames.first?.energy == e.firstEnergy)
        #expect(frames.last?.energy == e.lastEnergy)
        if let forces = e.forces {
            #expect(frames.allSatisfy { $0.forces != nil })
            #expect(fnv1a(frames.flatMap { flat($0.forces ?? []) }) == forces)
        } else {
            #expect(frames.allSatisfy { $0.forces == nil })
        }
        #expect(fnv1a(frames.flatMap { flat($0.positions) }) == e.positions)
        let cells = frames.flatMap { frame in
            frame.cell.map { flat($0.rows) } ?? Array(repeating: 0.0, count: 9)
        }
        #expect(fnv1a(cells) == e.cells)
        #expect(fnv1a(bitPatterns: frames.flatMap { $0.atomicNumbers.map(Int64.init) })
                == e.numbers)
        #expect(frames.allSatisfy { $0.pbc == Array(repeating: e.periodic, count: 3) })
    }

    @Test func ethanolKeepsItsInfoAndDummyCell() throws {
        let frames = try ExtXYZ.read(path: dataset("ethanol/train.xyz"))
        #expect(frames[0].info == ["config_type": "Training_set", "OH_dist": "1.0373"])
        #expect(frames[0].cell == .orthorhombic(50, 50, 50))
        #expect(frames[0].pbc == [false, false, false])
        #expect(frames[0].species == ["C", "C", "O", "H", "H", "H", "H", "H", "H"])
        #expect(frames[0].forces?[0] == SIMD3(-4.15950961, 0.10729389, 3.61777644))
    }

    @Test func isolatedAtomsHaveNoCell() throws {
        let frames = try ExtXYZ.read(path: dataset("ethanol/isolated_atoms.xyz"))
        #expect(frames.map(\.species) == [["H"], ["C"], ["O"], ["N"]])
        #expect(frames.allSatisfy { $0.cell == nil && $0.info["config_type"] == "isolated_atom" })
    }

    @Test func siliconForcesComeFromTheForceColumn() throws {
        let frames = try ExtXYZ.read(path: dataset("silicon/test.xyz"))
        #expect(frames[0].forces?[0] == SIMD3(-0.05394626, 0.05113266, 0.18121306))
        #expect(frames[0].info.isEmpty)
        #expect(frames[0].cell?.a == SIMD3(15.479828, -3.500864, 24.629585))
    }

    /// ASE keeps `virial` in `atoms.info` as a 3×3 matrix read in Fortran order; its bytes,
    /// row-major, hash to the constant below.
    @Test func tialVirialAndConfigTypes() throws {
        let frames = try ExtXYZ.read(path: dataset("tial/tial.xyz"))
        #expect(frames.allSatisfy { $0.virial != nil && $0.stress == nil })
        #expect(fnv1a(frames.flatMap { $0.virial! }) == 0x2b755dc3c0c2cd1a)
        let types = Dictionary(grouping: frames, by: { $0.info["config_type"] ?? "" })
            .mapValues(\.count)
        #expect(types == ["FLD_TiAl": 315, "TiAl_T5000": 14])
        #expect(frames[0].info["spacegroup"] == "P 1")
        #expect(frames[0].info["n_minim_iter"] == "2")
    }

    @Test func requiredLabelsArePresentInEveryTrainingSet() throws {
        for file in ["ethanol/train.xyz", "silicon/train.xyz", "tial/tial.xyz"] {
            let frames = try ExtXYZ.read(path: dataset(file), options: .init(requireLabels: true))
            #expect(frames.allSatisfy { $0.energy != nil && $0.forces != nil })
        }
    }
}
