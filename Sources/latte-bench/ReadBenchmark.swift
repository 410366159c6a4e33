import ArgumentParser
import Atomistic
import Foundation

/// Read throughput of the extxyz reader: best of several full reads of one file.
struct ReadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "extxyz read throughput in MB/s (best of --repeat reads of one file).")

    @Argument(help: "An extended XYZ file (e.g. ~50 MB made by concatenating datasets).")
    var path: String

    @Option(help: "Number of timed reads; the fastest is reported.")
    var `repeat` = 5

    @Option(help: "Forces column to read (as ExtXYZ.ReadOptions.forcesKey).")
    var forcesKey = "forces"

    func run() throws {
        let megabytes = Double(try FileManager.default.attributesOfItem(atPath: path)[.size]
            as? Int ?? 0) / 1e6
        var best = Double.infinity
        var frames: [Structure] = []
        for _ in 0..<max(1, `repeat`) {
            let start = DispatchTime.now().uptimeNanoseconds
            frames = try ExtXYZ.read(path: path, options: .init(forcesKey: forcesKey))
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            best = min(best, seconds)
        }
        let atoms = frames.reduce(0) { $0 + $1.atomCount }
        print("file      \(path)")
        print("size      \(String(format: "%.1f", megabytes)) MB, \(frames.count) frames, "
              + "\(atoms) atoms")
        print("best of \(max(1, `repeat`)): \(String(format: "%.3f", best)) s = "
              + "\(String(format: "%.0f", megabytes / best)) MB/s, "
              + "\(String(format: "%.0f", best / Double(atoms) * 1e9)) ns/atom")
    }
}
