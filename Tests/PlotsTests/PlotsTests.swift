import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Plots
import Testing

/// The SVG pictures: well-formed, with the labels, line and numbers a reader needs.
struct PlotsTests {
    /// Parses `svg` as XML and returns the text of every <text> element.
    static func texts(_ svg: String) throws -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var texts: [String] = [], inText = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                        qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "text" { inText = true; texts.append("") }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "text" { inText = false }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if inText { texts[texts.count - 1] += string }
            }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        try #require(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))")
        return collector.texts
    }

    @Test func parityPlotShowsAxesUnitsTheDiagonalAndTheErrors() throws {
        let energies: [(reference: Double, predicted: Double)] = (0..<10).map { k in
            let value = 0.01 * Double(k) - 3
            return (value, value + 0.002)
        }
        let forces: [(reference: Double, predicted: Double)] = (0..<30).map { k in
            let value = 0.1 * Double(k) - 1.5
            return (value, value - 0.03)
        }
        let svg = ParityPlot.svg(energies: energies, forces: forces, title: "set")
        let texts = try Self.texts(svg)
        for expected in ["reference (eV/atom)", "predicted (eV/atom)", "reference (eV/Å)", "predicted (eV/Å)", "y = x",
                         "MAE 2.00, RMSE 2.00 meV/atom", "MAE 30.00, RMSE 30.00 meV/Å", "set: energy (10)",
                         "set: force components (30)"] {
            #expect(texts.contains(expected), "\(expected) not in \(texts)")
        }
        #expect(svg.components(separatedBy: "<circle").count - 1 == 40)
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test func largeSetsAreThinnedButTheirErrorsUseEveryPoint() throws {
        let forces: [(reference: Double, predicted: Double)] = (0..<20_000).map { k in
            let value = Double(k % 100)
            return (value, value + (k % 2 == 0 ? 0.001 : -0.003))
        }
        let svg = ParityPlot.svg(energies: [], forces: forces, title: "big")
        #expect(svg.components(separatedBy: "<circle").count - 1 <= ParityPlot.maximumPoints)
        #expect(try Self.texts(svg).contains("MAE 2.00, RMSE 2.24 meV/Å"))
    }

    @Test func logAxesGetTicksAtPowersOfTenAndBetweenThemOnShortRanges() {
        #expect(ChartAxis(lower: 0.5, upper: 2000, logarithmic: true, label: "").tickValues == [1, 10, 100, 1000])
        #expect(ChartAxis(lower: 15, upper: 300, logarithmic: true, label: "").tickValues == [20, 50, 100, 200])
        #expect(ChartAxis(lower: -0.3, upper: 1.1, label: "").tickValues == [0, 0.5, 1])
    }

    @Test func learningCurveReadsMetricsAndRefusesOtherFiles() throws {
        let csv = "epoch,train_loss,validation_loss,train_energy_mae_meV_per_atom,validation_energy_mae_meV_per_atom,train_force_mae_meV_per_A,validation_force_mae_meV_per_A\n1,1,2,10,20,100,200\n2,0.5,1,5,10,50,100\n"
        let rows = try LearningCurvePlot.rows(csv: csv, source: "m.csv")
        #expect(rows.count == 2 && rows[1].values["validation_force_mae_meV_per_A"] == 100)
        let texts = try Self.texts(LearningCurvePlot.svg(rows, title: "run"))
        for expected in ["run: loss", "run: energy MAE", "run: force MAE", "energy MAE (meV/atom)", "force MAE (meV/Å)", "epoch", "train", "validation"] {
            #expect(texts.contains(expected), "\(expected)")
        }
        let notMetrics = #expect(throws: LearningCurveError.self) { try LearningCurvePlot.rows(csv: "a,b\n1,2\n", source: "x.csv") }
        #expect(notMetrics?.description == "x.csv: expected a metrics.csv whose first column is 'epoch'")
        let short = #expect(throws: LearningCurveError.self) { try LearningCurvePlot.rows(csv: "epoch,loss\n1\n", source: "m.csv") }
        #expect(short?.description == "m.csv:2: expected 2 numbers")
    }

    @Test func accuracyFrontPlacesModelsByCostAndPublishedResultsAsLevels() throws {
        let csv = """
            label,cost_us_per_atom,force_mae_meV_per_A,energy_mae_meV_per_atom
            large,40,8.5,0.2
            tiny,2,30,0.9
            MACE,,2.1,0.044
            NequIP,,2.8,0.044
            """
        let (models, references) = try AccuracyFrontPlot.table(csv: csv, source: "front.csv")
        #expect(models.map(\.label) == ["large", "tiny"] && references.map(\.label) == ["MACE", "NequIP"])
        let svg = AccuracyFrontPlot.svg(models, references: references, title: "ethanol")
        let texts = try Self.texts(svg)
        for expected in ["ethanol: force MAE", "ethanol: energy MAE", "energy+forces cost (µs/atom, 1 thread)",
                         "test force MAE (meV/Å)", "tiny", "large", "MACE", "NequIP", "MACE, NequIP", "Latte, this machine"] {
            #expect(texts.contains(expected), "\(expected)")
        }
        // The models' line runs from the cheapest to the dearest: its first point is left of its last.
        let line = try #require(svg.components(separatedBy: "points=\"").dropFirst().first?.split(separator: "\"").first)
        let xs = line.split(separator: " ").map { Double($0.split(separator: ",")[0])! }
        #expect(xs.count == 2 && xs[0] < xs[1])
        // The cheapest model is the least accurate, at the top left: the legend goes top right.
        #expect(svg.contains("text-anchor=\"end\">Latte, this machine<"))
        let bad = #expect(throws: LearningCurveError.self) {
            try AccuracyFrontPlot.table(csv: "label,cost_us_per_atom,force_mae_meV_per_A,energy_mae_meV_per_atom\nx,fast,1,1\n", source: "f.csv")
        }
        #expect(bad?.description == "f.csv:2: the cost must be a positive number of µs/atom, or empty")
        let header = #expect(throws: LearningCurveError.self) { try AccuracyFrontPlot.table(csv: "a,b\n", source: "f.csv") }
        #expect(header?.description.hasPrefix("f.csv:1: expected the header") == true)
    }
}
