/// Several potentials trained alike that differ in their seed (docs/COMMITTEE.md): their mean
/// predicts, their spread says where the data did not pin the potential down.
///
/// The members share the species, in the same order, and the cutoff, so that one neighbour
/// list and one species index serve them all; their descriptors and networks may differ.
/// A committee of one member is a single potential and predicts exactly as that potential.
public struct Committee: Sendable {
    public let members: [PotentialParameters]

    /// The committee of `members`; errors name the member that differs from the first.
    public init(_ members: [PotentialParameters]) throws {
        guard let first = members.first else {
            throw PotentialParametersError(field: "committee", problem: "expected at least one potential, found none")
        }
        for (k, member) in members.enumerated().dropFirst() {
            guard member.species == first.species else {
                throw PotentialParametersError(field: "committee[\(k)].species",
                    problem: "expected the species of the first member, [\(first.species.joined(separator: ", "))], found [\(member.species.joined(separator: ", "))]")
            }
            guard member.cutoff == first.cutoff else {
                throw PotentialParametersError(field: "committee[\(k)].cutoff",
                    problem: "expected the cutoff of the first member, \(first.cutoff) Å, found \(member.cutoff) Å")
            }
        }
        self.members = members
    }

    /// A committee of one.
    public init(single: PotentialParameters) { members = [single] }

    public var species: [String] { members[0].species }
    public var cutoff: Double { members[0].cutoff }
    public var count: Int { members.count }
}
