import ArgumentParser
import Atomistic
import Latte

/// `latte-bench cost --potential P.json --data F.xyz`: what a trained potential costs per atom,
/// energy and forces (neighbours included, the model reused), on one and on two threads.
/// All frames of the file are evaluated in one call, so a set of small molecules is timed by
/// its throughput, as an MD engine running many replicas or a large system would see it.
/// docs/ACCURACY.md plots accuracy against `ef_us_per_atom_1t`.
struct CostBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost", abstract: "Energy+forces µs/atom of a trained potential on the frames of an extxyz file.")

    @Option(help: "The potential.json to time.") var potential: String
    @Option(help: "The extxyz frames to evaluate (all in one call).") var data: String
    @Option(help: "Timed repeats; the median is reported.") var repeats = 5
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        let model = LatteModel(try PotentialFile.read(contentsOf: potential))
        let frames = try ExtXYZ.read(path: data)
        let atoms = Double(frames.reduce(0) { $0 + $1.atomCount })
        let ef1 = Timing.median(repeats: repeats) { _ = try! model.evaluate(frames) } * 1e6 / atoms
        let ef2 = Timing.median(repeats: repeats) { _ = try! model.evaluate(frames, threads: 2) } * 1e6 / atoms
        let results: [String: Any] = [
            "potential": potential, "data": data, "frames": frames.count, "atoms": Int(atoms),
            "descriptor": model.parameters.shape.description, "descriptor_length": model.parameters.shape.descriptorLength,
            "layer_sizes": model.parameters.networks.first?.layerSizes ?? [],
            "ef_us_per_atom_1t": ef1, "ef_us_per_atom_2t": ef2,
        ]
        if json { return try printJSON(results) }
        print("\(potential) on \(frames.count) frames (\(Int(atoms)) atoms) of \(data):")
        print("  energy+forces \(ef1) µs/atom on 1 thread, \(ef2) µs/atom on 2 threads")
    }
}
