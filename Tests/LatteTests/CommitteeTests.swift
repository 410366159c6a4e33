import Atomistic
import Foundation
import JSON
import Latte
import Testing

@Suite struct CommitteeTests {
    let species = ["Ti", "Al"]

    func members(_ count: Int) throws -> [PotentialParameters] {
        try (0..<count).map { try ModelTestSupport.potential(species: species, seed: 11 + UInt64($0)) }
    }

    @Test func aCommitteeOfOnePredictsExactlyAsItsPotential() throws {
        let single = try members(1)[0]
        let structure = ModelTestSupport.triclinicTiAl
        let alone = try LatteModel(single).evaluate([structure], stress: true)[0]
        let committee = try CommitteeModel(Committee([single])).evaluate([structure], stress: true)[0]
        #expect(committee.mean.energy.bitPattern == alone.energy.bitPattern)
        #expect(committee.mean.forces == alone.forces)
        #expect(committee.mean.atomicEnergies == alone.atomicEnergies)
        #expect(committee.mean.stress == alone.stress)
        #expect(committee.energyDeviation == 0)
        #expect(committee.forceDeviations == [0, 0, 0])
    }

    @Test func meanAndDeviationAreTheMembersStatistics() throws {
        let potentials = try members(3)
        let structure = ModelTestSupport.triclinicTiAl
        let each = try potentials.map { try LatteModel($0).evaluate([structure])[0] }
        let committee = try CommitteeModel(Committee(potentials)).evaluate([structure])[0]
        let energies = each.map(\.energy)
        let meanEnergy = energies.reduce(0, +) / 3
        #expect(abs(committee.mean.energy - meanEnergy) <= 1e-12 * abs(meanEnergy))
        let energySpread = (energies.map { ($0 - meanEnergy) * ($0 - meanEnergy) }.reduce(0, +) / 3).squareRoot()
        #expect(abs(committee.energyDeviation - energySpread) <= 1e-9 * energySpread)
        #expect(committee.energyDeviation > 0)
        for atom in 0..<structure.atomCount {
            let forces = each.map { $0.forces[atom] }
            let mean = (forces[0] + forces[1] + forces[2]) / 3
            #expect(((committee.mean.forces[atom] - mean) * (committee.mean.forces[atom] - mean)).sum() < 1e-24)
            let spread = (forces.map { (($0 - mean) * ($0 - mean)).sum() }.reduce(0, +) / 3).squareRoot()
            #expect(abs(committee.forceDeviations[atom] - spread) <= 1e-9 * spread)
        }
        #expect(committee.maxForceDeviation == committee.forceDeviations.max())
    }

    @Test func committeeFilesReadBackBitForBit() throws {
        let potentials = try members(2)
        let text = try PotentialFile.encode(try Committee(potentials))
        let read = try PotentialFile.decodeCommittee(Array(text.utf8), source: "c.json")
        #expect(read.count == 2)
        for (original, back) in zip(potentials, read.members) {
            #expect(try PotentialFile.encode(back) == PotentialFile.encode(original))
        }
        // One member is written as a plain potential file, and a plain file reads as a committee of one.
        let one = try PotentialFile.encode(try Committee([potentials[0]]))
        #expect(one == (try PotentialFile.encode(potentials[0])))
        #expect(try PotentialFile.decodeCommittee(Array(one.utf8), source: "p.json").count == 1)
    }

    @Test func singlePotentialReadersRefuseACommitteeInOneLine() throws {
        let text = try PotentialFile.encode(try Committee(members(2)))
        let error = #expect(throws: JSONFileError.self) { try PotentialFile.decode(text, source: "c.json") }
        #expect(error?.description == "c.json: committee: this file is a committee of 2 potentials (docs/COMMITTEE.md); this reader takes a single potential")
    }

    @Test func membersMustShareSpeciesAndCutoff() throws {
        let first = try members(1)[0]
        let reordered = try ModelTestSupport.potential(species: ["Al", "Ti"], seed: 12)
        let wider = try ModelTestSupport.potential(species: species, cutoff: 4.5, seed: 12)
        let species = #expect(throws: PotentialParametersError.self) { try Committee([first, reordered]) }
        #expect(species?.description == "committee[1].species: expected the species of the first member, [Ti, Al], found [Al, Ti]")
        let cutoff = #expect(throws: PotentialParametersError.self) { try Committee([first, wider]) }
        #expect(cutoff?.description == "committee[1].cutoff: expected the cutoff of the first member, 4.0 Å, found 4.5 Å")
        let text = "{\"format\": \"latte-potential\", \"version\": 1, \"committee\": []}"
        let error = #expect(throws: JSONFileError.self) { try PotentialFile.decodeCommittee(Array(text.utf8), source: "c.json") }
        #expect(error?.description == "c.json: committee: expected an array of at least one potential, found an empty one")
    }
}
