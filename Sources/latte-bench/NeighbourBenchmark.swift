import ArgumentParser

struct NeighbourBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "neighbours", abstract: "Neighbour-list scaling (to be written).")
    func run() throws {}
}
