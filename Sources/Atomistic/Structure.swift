/// One atomic configuration with its reference labels, in Å, eV, eV/Å and eV/Å³.
///
/// - `cell` is nil for a molecule; then every `pbc` entry is false.
/// - `pbc[k]` says whether the structure repeats along lattice vector k; it always has three
///   entries. An axis with `pbc[k] == false` has no images, whatever the cell says.
/// - Labels are optional per structure: a frame read for prediction may carry none.
/// - `stress` and `virial` are 3×3 matrices stored row-major in 9 numbers (xx xy xz yx yy yz
///   zx zy zz). The stress follows ASE's sign convention (positive under tension,
///   σ = −W/V for the virial W); six-number Voigt input is expanded to 9 by the readers.
/// - `info` keeps every other key=value of the source frame as raw text (`config_type` above
///   all), without the quotes.
public struct Structure: Equatable, Sendable {
    /// Element symbol of each atom, IUPAC spelling (`"Si"`).
    public var species: [String]
    /// Cartesian positions, Å. Need not lie inside the cell.
    public var positions: [SIMD3<Double>]
    /// Lattice vectors as rows, or nil for a structure without a cell.
    public var cell: Cell?
    /// Periodicity along each lattice vector (three entries).
    public var pbc: [Bool]
    /// Total energy, eV.
    public var energy: Double?
    /// Force on each atom, eV/Å.
    public var forces: [SIMD3<Double>]?
    /// Stress, 9 numbers row-major, eV/Å³ (ASE sign convention).
    public var stress: [Double]?
    /// Virial, 9 numbers row-major, eV.
    public var virial: [Double]?
    /// Every other key=value of the frame, raw text.
    public var info: [String: String]

    /// A structure; preconditions: one species per position, forces (when given) one per atom,
    /// three `pbc` entries, no periodic axis without a cell, 9-number stress and virial.
    public init(
        species: [String], positions: [SIMD3<Double>], cell: Cell? = nil,
        pbc: [Bool]? = nil, energy: Double? = nil, forces: [SIMD3<Double>]? = nil,
        stress: [Double]? = nil, virial: [Double]? = nil, info: [String: String] = [:]
    ) {
        let pbc = pbc ?? Array(repeating: cell != nil, count: 3)
        precondition(species.count == positions.count,
                     "\(species.count) species for \(positions.count) positions")
        precondition(pbc.count == 3, "pbc needs three entries, got \(pbc.count)")
        precondition(cell != nil || !pbc.contains(true), "periodic along an axis without a cell")
        precondition(forces.map { $0.count == positions.count } ?? true,
                     "\(forces?.count ?? 0) forces for \(positions.count) atoms")
        precondition(stress.map { $0.count == 9 } ?? true, "stress needs 9 numbers")
        precondition(virial.map { $0.count == 9 } ?? true, "virial needs 9 numbers")
        self.species = species
        self.positions = positions
        self.cell = cell
        self.pbc = pbc
        self.energy = energy
        self.forces = forces
        self.stress = stress
        self.virial = virial
        self.info = info
    }

    /// Number of atoms.
    public var atomCount: Int { positions.count }

    /// True when the structure repeats along at least one axis.
    public var isPeriodic: Bool { pbc.contains(true) }

    /// Atomic number of each atom (species are always known elements when read from a file).
    public var atomicNumbers: [Int] { species.map { Element(symbol: $0)?.atomicNumber ?? 0 } }

    /// Expands a symmetric tensor given in Voigt order (xx yy zz yz xz xy, ASE's order) to 9
    /// numbers row-major.
    public static func fullTensor(voigt v: [Double]) -> [Double] {
        precondition(v.count == 6, "Voigt notation has 6 numbers, got \(v.count)")
        return [v[0], v[5], v[4],
                v[5], v[1], v[3],
                v[4], v[3], v[2]]
    }
}
