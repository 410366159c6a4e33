import ArgumentParser

struct AutodiffBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "autodiff", abstract: "Autodiff overhead (to be written).")
    func run() throws {}
}
