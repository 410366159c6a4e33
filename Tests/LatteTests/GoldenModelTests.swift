import Atomistic
import Autodiff
import Foundation
import Latte
import Linalg
import Testing

/// The model against the NumPy reference (`Fixtures/golden`, made by
/// `scripts/make-golden-fixtures.sh`): descriptors and energies to 1e-9 relative, forces to the
/// reference's finite-difference forces within 1e-7 eV/Å.
struct GoldenModelTests {
    static let entries = try! GoldenFixtureTests.manifest().fixtures

    @Test(arguments: entries.map { "\($0.potential) × \($0.structures)" })
    func matchesReference(_ name: String) throws {
        let entry = try #require(Self.entries.first { "\($0.potential) × \($0.structures)" == name })
        let folder = GoldenFixtureTests.folder
        let parameters = try PotentialFile.read(contentsOf: folder.appendingPathComponent(entry.potential).path)
        let structures = try ExtXYZ.read(path: folder.appendingPathComponent(entry.structures).path)
        let reference = try JSONDecoder().decode([GoldenFixtureTests.ReferenceFrame].self,
                                                 from: Data(contentsOf: folder.appendingPathComponent(entry.output)))
        let model = LatteModel(parameters)

        let batch = try BatchGeometry(structures: structures, species: parameters.species, cutoff: parameters.cutoff)
        let tape = Tape()
        let prediction = model.predict(batch, variables: ParameterVariables(parameters, on: tape), on: tape)
        let descriptors = prediction.descriptors.value, energies = prediction.energies.value
        let forces = prediction.forces!.value

        var atom = 0
        for (s, frame) in reference.enumerated() {
            #expect(abs(energies.storage[s] - frame.energy) <= 1e-9 * abs(frame.energy), "frame \(s) energy")
            let scale = frame.descriptors.flatMap { $0 }.map(abs).max() ?? 0
            for (a, row) in frame.descriptors.enumerated() {
                for (q, value) in row.enumerated() {
                    #expect(abs(descriptors[atom + a, q] - value) <= 1e-9 * max(abs(value), scale),
                            "frame \(s) atom \(a) component \(q)")
                }
                for axis in 0..<3 {
                    #expect(abs(forces[atom + a, axis] - frame.forces[a][axis]) < 1e-7, "frame \(s) atom \(a) force")
                }
            }
            atom += frame.descriptors.count
        }
    }
}
