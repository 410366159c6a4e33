import ArgumentParser
import CommandSupport
import Foundation
import JSON
import Plots
import Training
import SystemSupport

/// `latte-plot learning-curve RUN [--output FILE.svg]`: pictures of a run, on demand (training
/// redraws `learning_curve.svg` itself after every epoch).
@main
struct LattePlot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latte-plot",
        abstract: "Draw a training run's learning curve, or accuracy against cost (parity plots: latte-eval --parity).",
        subcommands: [LearningCurve.self, AccuracyFront.self])

    static func main() { mainWithOneLineErrors(tool: "latte-plot") }
}

struct LearningCurve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learning-curve",
        abstract: "Loss, energy MAE and force MAE against the epoch, from a run's metrics.csv, as SVG.")

    @Argument(help: "A run folder or its metrics.csv.") var source: String
    @Option(help: "The SVG file to write (default: learning_curve.svg beside metrics.csv).") var output: String?

    func run() throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: source, isDirectory: &isFolder)
        let csv = isFolder.boolValue ? RunFiles(folder: source).metrics : source
        guard exists, let data = FileManager.default.contents(atPath: csv) else {
            throw LearningCurveError(description: "\(csv): no such file, or unreadable")
        }
        let rows = try LearningCurvePlot.rows(csv: String(decoding: data, as: UTF8.self), source: csv)
        guard !rows.isEmpty else { throw LearningCurveError(description: "\(csv): no epochs to plot yet") }
        let destination = output ?? URL(fileURLWithPath: csv).deletingLastPathComponent().appendingPathComponent("learning_curve.svg").path
        try AtomicFile.write(LearningCurvePlot.svg(rows, title: URL(fileURLWithPath: csv).deletingLastPathComponent().lastPathComponent),
                             to: destination)
        print("latte-plot: wrote \(destination)")
    }
}

/// `latte-plot accuracy-front TABLE.csv --title T --output FILE.svg`: test errors against cost
/// (the table's format: `AccuracyFrontPlot.table`).
struct AccuracyFront: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy-front",
        abstract: "Test force and energy MAE against µs/atom, from a CSV table, as SVG.")

    @Argument(help: "label,cost_us_per_atom,force_mae_meV_per_A,energy_mae_meV_per_atom rows.") var table: String
    @Option(help: "The data set's name, for the titles.") var title: String
    @Option(help: "The SVG file to write.") var output: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: table) else {
            throw LearningCurveError(description: "\(table): no such file, or unreadable")
        }
        let (models, references) = try AccuracyFrontPlot.table(csv: String(decoding: data, as: UTF8.self), source: table)
        guard !models.isEmpty else { throw LearningCurveError(description: "\(table): no measured model to plot") }
        try AtomicFile.write(AccuracyFrontPlot.svg(models, references: references, title: title), to: output)
        print("latte-plot: wrote \(output)")
    }
}
