import Autodiff
import Linalg
import SystemSupport

/// Energies, forces and virials of a batch of structures under a LATTE potential, recorded on
/// a tape so that any loss of them can be differentiated with respect to every parameter.
///
/// With per-pair gradients G_p = ∂E/∂v_p (METHOD.md section 6):
///
///     F_a = Σ_{p: centre a} G_p − Σ_{p: neighbour a} G_p      (= −∂E/∂x_a)
///     W   = −Σ_p v_p ⊗ G_p   per structure (virial, eV);  stress σ = −W / volume
public struct LatteModel {
    public let parameters: PotentialParameters
    let descriptor: Descriptor
    /// The tape-free evaluator of these parameters, built on first use and shared by copies.
    let fast = LazyEvaluator()

    public init(_ parameters: PotentialParameters) {
        self.parameters = parameters
        self.descriptor = Descriptor(parameters)
    }

    /// The tape-free evaluator of these parameters (shared by copies of this model).
    public var evaluator: EnergyForceEvaluator { fast.get(parameters) }

    /// What the model predicts for a batch, as variables on the evaluation's tape.
    public struct Prediction {
        public let descriptors: Variable      // [atoms, D]
        public let atomicEnergies: Variable   // [atoms, 1]
        public let energies: Variable         // [structures, 1]
        public let forces: Variable?          // [atoms, 3]
        public let virials: Variable?         // [structures, 9], row-major 3 × 3
    }

    /// Records the evaluation of `batch` on `tape` with `variables` (leaves of this model's
    /// parameters on the same tape). With `createGraph`, forces and virials stay differentiable
    /// with respect to the parameters (training on forces); otherwise they are constants.
    public func predict(_ batch: BatchGeometry, variables: ParameterVariables, on tape: Tape,
                        forces wantForces: Bool = true, virials wantVirials: Bool = false,
                        createGraph: Bool = false) -> Prediction {
        let vectors = tape.variable(batch.vectors)  // [pairs, 3]
        let descriptors = descriptor.values(vectors: vectors, parameters: variables, batch: batch)
        let atomic = AtomicEnergies.values(descriptors: descriptors, parameters: variables,
                                           activation: parameters.activation, batch: batch)
        let energies = atomic.scatterAddingRows(into: batch.atomStructure, count: batch.structureCount)
        guard wantForces || wantVirials else {
            return Prediction(descriptors: descriptors, atomicEnergies: atomic, energies: energies,
                              forces: nil, virials: nil)
        }
        let pairGradients = batch.pairCount == 0
            ? tape.constant(Matrix(rows: 0, cols: 3))
            : tape.gradients(of: energies.sum(), wrt: [vectors], createGraph: createGraph)[0]  // [pairs, 3]
        let forces = wantForces
            ? pairGradients.scatterAddingRows(into: batch.pairCentres, count: batch.atomCount)
                - pairGradients.scatterAddingRows(into: batch.pairNeighbours, count: batch.atomCount)
            : nil
        let virials = wantVirials ? Self.virials(pairGradients, batch: batch, on: tape) : nil
        return Prediction(descriptors: descriptors, atomicEnergies: atomic, energies: energies,
                          forces: forces, virials: virials)
    }

    /// The prediction of `predict(batch, ..., createGraph: false)` computed by the tape-free
    /// evaluator (the same numbers to rounding, ~10⁻¹⁵ relative) and recorded on `tape` as
    /// constants, for losses and metrics that need no gradients (validation, test). Descriptors
    /// are not computed: the prediction's `descriptors` is an empty [atoms, 0] constant.
    public func evaluatedPrediction(_ batch: BatchGeometry, on tape: Tape, virials wantVirials: Bool = false) -> Prediction {
        let result = evaluator.evaluate(batch, virials: wantVirials)
        let atoms = batch.atomCount, structures = batch.structureCount
        return Prediction(
            descriptors: tape.constant(Matrix(rows: atoms, cols: 0)),
            atomicEnergies: tape.constant(Matrix(rows: atoms, cols: 1, storage: result.atomicEnergies)),
            energies: tape.constant(Matrix(rows: structures, cols: 1, storage: result.energies)),
            forces: tape.constant(Matrix(rows: atoms, cols: 3, storage: result.forces)),
            virials: result.virials.map { tape.constant(Matrix(rows: structures, cols: 9, storage: $0)) })
    }

    /// W_ab = −Σ_p v_pa G_pb per structure.  // [structures, 9]
    static func virials(_ g: Variable, batch: BatchGeometry, on tape: Tape) -> Variable {
        let v = batch.vectors
        var columns: [Variable] = []
        for a in 0..<3 {
            let va = tape.constant(v.columns(a..<(a + 1)))  // [pairs, 1]
            for b in 0..<3 { columns.append(-(va * g.columns(b..<(b + 1)))) }
        }
        return concatenateColumns(columns).scatterAddingRows(into: batch.pairStructure, count: batch.structureCount)
    }
}

/// An `EnergyForceEvaluator` made when first asked for (training builds models it never
/// evaluates this way), then kept: its tables cost about as much as 20 atoms' energy and forces.
final class LazyEvaluator: @unchecked Sendable {
    private let lock = Lock()
    private var evaluator: EnergyForceEvaluator?

    func get(_ parameters: PotentialParameters) -> EnergyForceEvaluator {
        lock.lock()
        defer { lock.unlock() }
        if let evaluator { return evaluator }
        let made = EnergyForceEvaluator(parameters)
        evaluator = made
        return made
    }
}
