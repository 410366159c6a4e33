/// A periodic cell: three lattice vectors `a`, `b`, `c` (in Å), the rows of the matrix H.
///
/// Cartesian and fractional coordinates are row vectors related by x = s·H, that is
/// x = s₀a + s₁b + s₂c. A cell must span space (non-zero volume); `init` does not check it,
/// `isDegenerate` says it, and readers reject degenerate cells with an `InputError`.
public struct Cell: Equatable, Sendable {
    /// First lattice vector (first row of H).
    public let a: SIMD3<Double>
    /// Second lattice vector (second row of H).
    public let b: SIMD3<Double>
    /// Third lattice vector (third row of H).
    public let c: SIMD3<Double>

    /// Reciprocal vectors without the 2π: columns of H⁻¹, so that a·a* = 1 and a·b* = 0.
    let reciprocal: (a: SIMD3<Double>, b: SIMD3<Double>, c: SIMD3<Double>)

    /// A cell whose rows are the three lattice vectors.
    public init(a: SIMD3<Double>, b: SIMD3<Double>, c: SIMD3<Double>) {
        self.a = a
        self.b = b
        self.c = c
        let determinant = (a * cross(b, c)).sum()
        reciprocal = (cross(b, c) / determinant, cross(c, a) / determinant,
                      cross(a, b) / determinant)
    }

    public static func == (lhs: Cell, rhs: Cell) -> Bool {
        lhs.a == rhs.a && lhs.b == rhs.b && lhs.c == rhs.c
    }

    /// A cell from its three rows.
    public init(rows: [SIMD3<Double>]) {
        precondition(rows.count == 3, "a cell has three lattice vectors, got \(rows.count)")
        self.init(a: rows[0], b: rows[1], c: rows[2])
    }

    /// An orthorhombic cell with the given edge lengths along x, y, z.
    public static func orthorhombic(_ x: Double, _ y: Double, _ z: Double) -> Cell {
        Cell(a: SIMD3(x, 0, 0), b: SIMD3(0, y, 0), c: SIMD3(0, 0, z))
    }

    /// The lattice vectors as rows: `[a, b, c]`.
    public var rows: [SIMD3<Double>] { [a, b, c] }

    /// Lattice vector `index` (0, 1 or 2).
    public subscript(index: Int) -> SIMD3<Double> {
        switch index {
        case 0: return a
        case 1: return b
        case 2: return c
        default: preconditionFailure("a cell has lattice vectors 0, 1, 2; asked for \(index)")
        }
    }

    /// det H: positive for a right-handed cell.
    public var determinant: Double { (a * cross(b, c)).sum() }

    /// |det H|, in Å³.
    public var volume: Double { abs(determinant) }

    /// True when the vectors do not span space: |det H| ≤ 1e-10 · |a| |b| |c| (covers zero
    /// vectors, parallel vectors and coplanar vectors, independently of the cell's size).
    public var isDegenerate: Bool {
        let scale = length(a) * length(b) * length(c)
        return !(volume > 1e-10 * scale)
    }

    /// Distances between neighbouring lattice planes: `heights[k]` is the thickness of the cell
    /// measured perpendicular to the plane of the two other vectors (1 / |k-th reciprocal|).
    public var heights: SIMD3<Double> {
        SIMD3(1 / length(reciprocal.a), 1 / length(reciprocal.b), 1 / length(reciprocal.c))
    }

    /// Fractional coordinates s of the Cartesian point x (x = s·H).
    @inline(__always)
    public func fractional(_ x: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3((x * reciprocal.a).sum(), (x * reciprocal.b).sum(), (x * reciprocal.c).sum())
    }

    /// The Cartesian point s·H = s₀a + s₁b + s₂c.
    @inline(__always)
    public func cartesian(_ s: SIMD3<Double>) -> SIMD3<Double> {
        s.x * a + s.y * b + s.z * c
    }

    /// The lattice translation n·H = n₀a + n₁b + n₂c of an integer image shift. Every vector in
    /// a `NeighbourList` is formed with this function, in this order of operations.
    @inline(__always)
    public func translation(_ n: SIMD3<Int32>) -> SIMD3<Double> {
        Double(n.x) * a + Double(n.y) * b + Double(n.z) * c
    }
}

@inline(__always)
func cross(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x)
}

@inline(__always)
func length(_ u: SIMD3<Double>) -> Double { (u * u).sum().squareRoot() }
