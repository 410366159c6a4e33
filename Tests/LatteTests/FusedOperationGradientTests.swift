import Atomistic
import Autodiff
import GradientCheck
@testable import Latte
import Linalg
import Testing

/// The fused tape operations of the descriptor, each on its own (not only through the whole
/// model): reverse-mode gradients against central finite differences (first order), and the
/// gradient of ‖gradient‖² against finite differences of it (second order), as training on
/// forces needs.
struct FusedOperationGradientTests {
    static let tolerance = 1e-6

    /// Ethanol's pairs within 4 Å under a random potential of `shape`, in both species modes.
    static func setting(shape: String, mode: SpeciesWeightMode)
        throws -> (parameters: PotentialParameters, batch: BatchGeometry, rows: RadialChannels.PairRows) {
        let parameters = try ModelTestSupport.potential(species: ["H", "C", "O"], shape: shape, mode: mode)
        let batch = try BatchGeometry(structures: [ModelTestSupport.ethanol], species: parameters.species,
                                      cutoff: parameters.cutoff)
        return (parameters, batch, RadialChannels.PairRows(batch, mode: mode, speciesCount: 3))
    }

    /// RadialChannelOperation (METHOD.md section 2): g = σ t³ / c² of every pair and channel, in
    /// the distances r and the parameters σ, c, w together.
    @Test(arguments: [SpeciesWeightMode.specific, .common])
    func radialChannels(_ mode: SpeciesWeightMode) throws {
        let (parameters, batch, rows) = try Self.setting(shape: "6,-", mode: mode)
        let distances = Matrix(rows: batch.pairCount, cols: 1) { p, _ in
            let v = SIMD3(batch.vectors[p, 0], batch.vectors[p, 1], batch.vectors[p, 2])
            return (v * v).sum().squareRoot()
        }
        let term = parameters.terms[0]
        let inputs = [distances, term.speciesWeights, term.centers, term.widths]
        let op: Operation = { x in
            RadialChannels.values(distances: x[0], term: ParameterVariables.Term(weights: x[1], centers: x[2], widths: x[3]),
                                  channels: 0..<6, rows: rows)
        }
        let first = firstOrderError(inputs, op), second = secondOrderError(inputs, op)
        #expect(first < Self.tolerance, "first order: relative error \(first)")
        #expect(second < Self.tolerance, "second order: relative error \(second)")
    }

    /// ContractionForm (METHOD.md section 4): a term's descriptor from its bodies' compact
    /// tensors, for two, three and four bodies.
    @Test(arguments: ["3,i,i", "3,ij,ij", "2,i,j,ij", "2,ij,jk,ki", "2,i,i,j,j"])
    func contraction(_ shape: String) throws {
        let term = try DescriptorShape(shape).terms[0]
        let form = ContractionForm(term: term)
        var random = TestRandom(seed: 3)
        let n = term.componentCount
        let bodies = term.bodies.map { random.matrix(4, ($0.rank + 1) * ($0.rank + 2) / 2 * n) }  // [atoms, K_k·n]
        let op: Operation = { form.descriptor($0) }
        let first = firstOrderError(bodies, op), second = secondOrderError(bodies, op)
        #expect(first < Self.tolerance, "first order: relative error \(first)")
        #expect(second < Self.tolerance, "second order: relative error \(second)")
    }
}
