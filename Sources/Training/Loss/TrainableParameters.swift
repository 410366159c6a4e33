import Latte
import Linalg

/// Which of a potential's parameter matrices (`ParameterVariables.all` order) training changes:
/// every one but the per-species offsets (fitted or given before training, as reference
/// energies are in other codes) and, when widths are fixed, the widths.
public struct TrainableParameters: Equatable, Sendable {
    /// Positions in `ParameterVariables.all`.
    public let positions: [Int]

    public init(_ parameters: PotentialParameters, widthsLearned: Bool) {
        let fixed: Set<ParameterVariables.Kind> = widthsLearned ? [.offsets] : [.offsets, .widths]
        let kinds = ParameterVariables.kinds(of: parameters)
        positions = kinds.indices.filter { !fixed.contains(kinds[$0]) }
    }

    /// The trainable items of `all`, in order.
    public func select<T>(_ all: [T]) -> [T] { positions.map { all[$0] } }

    /// The trainable matrices of `parameters`.
    public func values(of parameters: PotentialParameters) -> [Matrix] {
        select(ParameterVariables.matrices(of: parameters))
    }

    /// `parameters` with its trainable matrices replaced by `values`.
    public func replacing(_ values: [Matrix], in parameters: PotentialParameters) -> PotentialParameters {
        var all = ParameterVariables.matrices(of: parameters)
        for (position, value) in zip(positions, values) { all[position] = value }
        return ParameterVariables.assemble(all, like: parameters)
    }
}
