import ArgumentParser
import Atomistic
import Foundation
import Latte
import Linalg

/// The model's speed figures as one record (issue 7): energy + forces on a 2 000-atom bcc W
/// cell on one and two threads, the floating-point work of that path against this machine's
/// dgemm rate, training steps on ethanol and silicon, an ethanol epoch on two threads, and the
/// memory a training step needs for a batch and for one 8× larger. Fields:
///
/// | field | what |
/// |---|---|
/// | `ef_us_per_atom_1t`, `_2t` | `LatteModel.evaluate` (neighbours included, model reused) per atom, 1 and 2 threads |
/// | `flops_per_atom`, `ef_gflops_1t` | `EnergyForceEvaluator.operationCount` per atom, and that over the 1-thread time |
/// | `dgemm_gflops`, `ef_fraction_of_dgemm` | one thread's 1000³ dgemm rate in this run; the E+F rate over it |
/// | `ef_neighbours_us_per_atom_1t`, `ef_setup_us_per_atom` | the pair table alone; building the evaluator's tables |
/// | `train_step_ms_ethanol`, `_silicon` | one training step on one thread (batch split in two parts, as `Trainer` does) |
/// | `epoch_s_ethanol` | 950 structures in batches of 8 on two threads |
/// | `train_peak_rss_mb`, `train_bytes_per_atom` (and `_8x`) | a step's peak memory, and its growth per atom of the batch |
struct ModelBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Energy+forces µs/atom (bcc W), training step and epoch times, memory per atom.")

    static let defaultShape = "16,-:16,i,i:16,ij,ij:16,ijk,ijk:8,i,j,ij"
    @Option(help: "Descriptor shape.") var shape = defaultShape
    @Option(help: "bcc cells along each axis (2·n³ atoms).") var cells = 10
    @Option(help: "Structures in an ethanol batch.") var batch = 8
    @Option(help: "Structures in a silicon batch.") var siliconBatch = 4
    @Option(help: "Structures in an ethanol epoch.") var epochStructures = 950
    @Option(help: "Path of the ethanol training set.") var ethanol = "datasets/ethanol/train.xyz"
    @Option(help: "Path of the silicon training set.") var silicon = "datasets/silicon/train.xyz"
    @Option(help: "Timed repeats; the median is reported.") var repeats = 5
    @Flag(help: "Skip the epoch and the memory probes (quicker).") var quick = false
    @Flag(help: "Only energy + forces.") var efOnly = false
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        var results: [String: Any] = ["shape": shape]
        let dgemm = Self.dgemmGFlops(repeats: repeats)  // first: it also lets OpenBLAS's idle threads settle
        let tungsten = Self.bccTungsten(cells: cells, latticeConstant: 3.165)
        let w = LatteModel(try Self.potential(species: ["W"], shape: shape))
        let atoms = Double(tungsten.atomCount)
        let ef1 = Timing.median(repeats: repeats) { _ = try! w.evaluate([tungsten]) } * 1e6 / atoms
        results["w_atoms"] = tungsten.atomCount
        results["ef_us_per_atom_1t"] = ef1
        let ef2 = Timing.median(repeats: repeats) { _ = try! w.evaluate([tungsten], threads: 2) } * 1e6 / atoms
        results["ef_us_per_atom_2t"] = ef2
        results["ef_2t_over_1t"] = ef2 / ef1
        let geometry = try BatchGeometry(structures: [tungsten], species: ["W"], cutoff: 5)
        let flops = EnergyForceEvaluator(w.parameters).operationCount(geometry).total / atoms
        results["flops_per_atom"] = flops
        results["pairs_per_atom"] = Double(geometry.pairCount) / atoms
        results["dgemm_gflops"] = dgemm
        results["ef_gflops_1t"] = flops / ef1 * 1e-3
        results["ef_fraction_of_dgemm"] = flops / ef1 * 1e-3 / dgemm
        results["ef_neighbours_us_per_atom_1t"] = Timing.median(repeats: repeats) {
            _ = PairTable(structure: tungsten, cutoff: 5)
        } * 1e6 / atoms
        results["ef_setup_us_per_atom"] = Timing.median(repeats: repeats) { _ = EnergyForceEvaluator(w.parameters) } * 1e6 / atoms
        if efOnly { return try report(results) }

        let frames = try ExtXYZ.read(path: ethanol)
        let molecule = try Self.potential(species: ["H", "C", "O"], shape: shape)
        var run1 = try TrainingRun(structures: Array(frames.prefix(epochStructures)), parameters: molecule,
                                   widths: Self.widths, energyWeight: 2, threads: 1)
        results["ethanol_batch"] = batch
        results["train_step_ms_ethanol"] = Timing.median(repeats: repeats) { run1.step(Array(0..<batch)) } * 1e3
        if !quick {
            var run2 = try TrainingRun(structures: Array(frames.prefix(epochStructures)), parameters: molecule,
                                       widths: Self.widths, energyWeight: 2, threads: 2)
            results["epoch_s_ethanol"] = run2.epochSeconds(count: epochStructures, batchSize: batch)
        }

        let cellsSi = try ExtXYZ.read(path: silicon)
        var runSi = try TrainingRun(structures: Array(cellsSi.prefix(siliconBatch)),
                                    parameters: try Self.potential(species: ["Si"], shape: shape),
                                    widths: Self.widths, energyWeight: 10, threads: 1)
        results["silicon_batch"] = siliconBatch
        results["silicon_batch_atoms"] = cellsSi.prefix(siliconBatch).reduce(0) { $0 + $1.atomCount }
        results["train_step_ms_silicon"] = Timing.median(repeats: repeats) { runSi.step(Array(0..<siliconBatch)) } * 1e3

        if !quick {
            for (key, size) in [("", batch), ("_8x", 8 * batch)] {
                let probe = try MemoryProbe.measure(shape: shape, ethanol: ethanol, batch: size)
                results["train_peak_rss_mb" + key] = Double(probe.peak) / 1e6
                results["train_bytes_per_atom" + key] = Double(probe.peak - probe.before) / Double(probe.atoms)
                results["train_batch_atoms" + key] = probe.atoms
            }
        }
        try report(results)
    }

    func report(_ results: [String: Any]) throws {
        if json { return try printJSON(results) }
        for key in results.keys.sorted() { print(key.padding(toLength: 28, withPad: " ", startingAt: 0), results[key]!) }
    }

    static let widths = WidthPolicy.learned(minimum: 0.5, maximum: 2.0)

    /// One thread's dgemm rate on 1000 × 1000 products, GFLOP/s (2n³ operations each).
    static func dgemmGFlops(repeats: Int) -> Double {
        let n = 1000
        let a = Matrix(rows: n, cols: n, repeating: 0.5), b = Matrix(rows: n, cols: n, repeating: 0.25)
        var c = Matrix(rows: n, cols: n)
        let seconds = Timing.median(repeats: repeats) { c.accumulateProduct(a, b, beta: 0) }
        return 2 * pow(Double(n), 3) / seconds * 1e-9
    }

    /// A 2·n³-atom bcc cell with lattice constant a.
    static func bccTungsten(cells n: Int, latticeConstant a: Double) -> Structure {
        var positions: [SIMD3<Double>] = []
        for i in 0..<n { for j in 0..<n { for k in 0..<n {
            let corner = a * SIMD3(Double(i), Double(j), Double(k))
            positions += [corner, corner + SIMD3(repeating: a / 2)]
        } } }
        let edge = a * Double(n)
        return Structure(species: Array(repeating: "W", count: positions.count), positions: positions,
                         cell: .orthorhombic(edge, edge, edge))
    }

    /// A fresh potential: cutoff 5 Å, D → 64 → 64 → 1 networks, widths learned in [0.5, 2].
    static func potential(species: [String], shape: String) throws -> PotentialParameters {
        try PotentialParameters.initial(for: PotentialSpecification(
            species: species, cutoff: 5.0, shape: try DescriptorShape(shape), hiddenLayers: [64, 64],
            widths: widths), seed: 1)
    }
}

/// The memory of one training step, measured in a child process so that nothing measured
/// before is counted or reused: resident memory after loading the data (`before`) and the
/// peak over the step (`peak`), in bytes.
struct MemoryProbe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory-probe", abstract: "Peak memory of one training step (used by `model`).",
        shouldDisplay: false)

    @Option var shape: String
    @Option var ethanol: String
    @Option var batch: Int

    func run() throws {
        let frames = Array(try ExtXYZ.read(path: ethanol).prefix(batch))
        var run = try TrainingRun(structures: frames, parameters: try ModelBenchmark.potential(
            species: ["H", "C", "O"], shape: shape), widths: ModelBenchmark.widths, energyWeight: 2, threads: 2)
        let before = ResidentMemory.read()!.current
        run.step(Array(0..<frames.count))
        let after = ResidentMemory.read()!
        print(before, after.peak, frames.reduce(0) { $0 + $1.atomCount })
    }

    static func measure(shape: String, ethanol: String, batch: Int) throws -> (before: Int, peak: Int, atoms: Int) {
        let output = try ResidentMemory.child(["memory-probe", "--shape", shape, "--ethanol", ethanol,
                                               "--batch", String(batch)])
        let numbers = output.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard numbers.count == 3 else { throw ValidationError("memory probe printed '\(output)'") }
        return (numbers[0], numbers[1], numbers[2])
    }
}
