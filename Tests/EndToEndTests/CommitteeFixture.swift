import Foundation
import Latte
import Linalg

/// Committee files for the engine tests (docs/COMMITTEE.md), written once per test run into a
/// temporary folder: the trained Ti–Al potential and perturbed copies of it, so the members
/// share species and cutoff but disagree on forces, as seeds of one recipe do.
enum CommitteeFixture {
    /// docs/tial-potential.json (species Al, Ti; cutoff 5 Å), the first member of each committee.
    static let base = Lammps.tialPotential

    /// The base and `count - 1` copies whose network weights and biases are each scaled by
    /// 1 + 0.03 g (g a seeded standard normal number, one per entry and member).
    static func members(_ count: Int) throws -> [PotentialParameters] {
        let first = try PotentialFile.read(contentsOf: base)
        return (0..<count).map { k in
            guard k > 0 else { return first }
            var random = SeededGenerator(seed: 40 + UInt64(k))
            var member = first
            for s in member.networks.indices {
                for l in member.networks[s].layers.indices {
                    member.networks[s].layers[l].weight.storage = member.networks[s].layers[l].weight.storage.map {
                        $0 * (1 + 0.03 * random.nextNormal())
                    }
                    member.networks[s].layers[l].bias.storage = member.networks[s].layers[l].bias.storage.map {
                        $0 * (1 + 0.03 * random.nextNormal())
                    }
                }
            }
            return member
        }
    }

    /// A committee file of three members.
    static var three: String { get throws { try files.get().three } }
    /// A committee file of one member: `{"committee": [<the base file's text>]}`, not the
    /// plain file that `PotentialFile.write` makes of a committee of one.
    static var one: String { get throws { try files.get().one } }
    /// A committee file whose second member lists the species in the other order (Ti, Al).
    static var mismatched: String { get throws { try files.get().mismatched } }

    private static let files = Written()

    private struct Paths {
        let three: String, one: String, mismatched: String
    }

    private final class Written: @unchecked Sendable {
        private let lock = NSLock()
        private var paths: Paths?

        func get() throws -> Paths {
            lock.lock()
            defer { lock.unlock() }
            if let paths { return paths }
            let folder = try LatteExportTests.temporaryFolder()
            let three = folder.appendingPathComponent("committee-3.json").path
            try PotentialFile.write(try Committee(CommitteeFixture.members(3)), to: three)
            let baseText = try String(contentsOfFile: CommitteeFixture.base, encoding: .utf8)
            let reordered = LatteEvalTests.repository
                .appendingPathComponent("Tests/LatteTests/Fixtures/golden/potentials/full_tial.json").path
            let one = folder.appendingPathComponent("committee-1.json").path
            try committeeText([baseText]).write(toFile: one, atomically: true, encoding: .utf8)
            let mismatched = folder.appendingPathComponent("committee-mismatched.json").path
            try committeeText([baseText, try String(contentsOfFile: reordered, encoding: .utf8)])
                .write(toFile: mismatched, atomically: true, encoding: .utf8)
            let made = Paths(three: three, one: one, mismatched: mismatched)
            paths = made
            return made
        }

        private func committeeText(_ members: [String]) -> String {
            "{\"format\": \"latte-potential\", \"version\": 1, \"committee\": [\n" + members.joined(separator: ",\n") + "]}\n"
        }
    }
}
