import ArgumentParser
import Latte

/// `latte-bench potential --output W.json`: writes the potential that `latte-bench model`
/// times (its shape, D → 64 → 64 → 1, cutoff 5 Å, seed 1), so that another engine can time the
/// very same model (scripts/lammps-benchmark.sh runs it in LAMMPS beside SNAP).
struct PotentialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "potential", abstract: "Write the potential that `model` times, as a potential.json.")

    @Option(help: "Descriptor shape.") var shape = ModelBenchmark.defaultShape
    @Option(help: "Species, comma-separated.") var species = "W"
    @Option(help: "The potential.json to write.") var output: String

    func run() throws {
        let parameters = try ModelBenchmark.potential(species: species.split(separator: ",").map(String.init), shape: shape)
        try PotentialFile.write(parameters, to: output)
        print("wrote \(output): species \(parameters.species.joined(separator: " ")), descriptor \(shape)")
    }
}
