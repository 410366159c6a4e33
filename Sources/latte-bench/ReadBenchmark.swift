import ArgumentParser

struct ReadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "extxyz read throughput (to be written).")
    func run() throws {}
}
