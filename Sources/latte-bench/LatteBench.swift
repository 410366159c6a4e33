import ArgumentParser
import CommandSupport

/// Benchmarks (not tests): each subcommand measures one part of the pipeline in the build it
/// was compiled in (run them with `swift run -c release latte-bench ...`).
@main
struct LatteBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-bench",
        abstract: "Measure the speed of Latte's parts on this machine.",
        subcommands: [AutodiffBenchmark.self, ReadBenchmark.self, NeighbourBenchmark.self, ModelBenchmark.self,
                      MemoryProbe.self, ProfileBenchmark.self, PotentialCommand.self, CostBenchmark.self])

    static func main() { mainWithOneLineErrors(tool: "latte-bench") }
}
