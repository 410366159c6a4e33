import ArgumentParser
import Foundation
import Autodiff
import Linalg

/// The engine's overhead over bare BLAS on a 3-layer network, for the three passes that
/// training on forces needs: forward; forward + backward (gradients of the summed output with
/// respect to the input and every parameter); and forward + backward + backward-of-backward
/// (the gradient, with respect to every parameter, of the squared norm of the input gradient:
/// a force loss). Each pass is timed end to end, then exactly the matrix products it performed
/// (logged on the pass's tape, `Tape.productShapes`) are replayed on bare `dgemm` into preallocated buffers.
struct AutodiffBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "autodiff",
        abstract: "Autodiff passes on a 3-layer network as multiples of bare BLAS time.")

    @Option(help: "Rows of the input (atoms).") var rows = 10_000
    @Option(help: "Input and hidden width.") var width = 64
    @Option(help: "Timed repeats; the median is reported.") var repeats = 7
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() throws {
        var random = SeededGenerator(seed: 1)
        let input = random.matrix(rows, width)
        let sizes = [width, width, width, 1]
        let parameters = zip(sizes, sizes.dropFirst()).flatMap { inSize, outSize in
            [random.matrix(inSize, outSize, scale: (2.0 / Double(inSize + outSize)).squareRoot()),
             random.matrix(1, outSize, scale: 0.1)]
        }

        let passes: [(String, Int)] = [
            ("forward", 0), ("forward+backward", 1), ("forward+backward+backward-of-backward", 2),
        ]
        var results: [String: Any] = ["rows": rows, "width": width, "layers": sizes.count - 1]
        if !json {
            print("3-layer network \(sizes.map(String.init).joined(separator: " → ")), input [\(rows) × \(width)], gaussian activations")
            print("pass                                     engine ms   bare BLAS ms   ratio   products")
        }
        for (name, depth) in passes {
            let logged = Tape()
            logged.productShapes = []
            _ = Self.pass(input, parameters, depth: depth, on: logged)
            let products = logged.productShapes ?? []
            let engine = Timing.median(repeats: repeats) { _ = Self.pass(input, parameters, depth: depth, on: Tape()) }
            let bare = Self.bareBLASSeconds(products, repeats: repeats)
            results[name] = ["engine_ms": engine * 1e3, "bare_blas_ms": bare * 1e3,
                             "ratio": engine / bare, "products": products.count]
            if !json {
                print(name.padding(toLength: 40, withPad: " ", startingAt: 0),
                      fmt(engine * 1e3, 10), fmt(bare * 1e3, 14), fmt(engine / bare, 7), "  \(products.count)")
            }
        }
        if json { try printJSON(results) }
    }

    /// depth 0: forward; 1: + gradients of Σ output w.r.t. input and parameters;
    /// 2: + gradients of ‖∂output/∂input‖² w.r.t. parameters (a backward pass over the backward).
    static func pass(_ input: Matrix, _ parameters: [Matrix], depth: Int, on tape: Tape) -> [Matrix] {
        let x = tape.variable(input)
        let p = parameters.map(tape.variable)
        var h = x
        for layer in 0..<(p.count / 2) {
            h = matmul(h, p[2 * layer]) + p[2 * layer + 1]
            if layer < p.count / 2 - 1 { h = h.gaussian() }
        }
        let output = h.sum()
        if depth == 0 { return [output.value] }
        let first = tape.gradients(of: output, wrt: [x] + p, createGraph: depth > 1)
        if depth == 1 { return first.map(\.value) }
        let forceLoss = first[0].squared().sum()
        return tape.gradients(of: forceLoss, wrt: p).map(\.value)
    }

    /// Median time of the same products on bare `dgemm`, into buffers allocated beforehand.
    static func bareBLASSeconds(_ products: [ProductShape], repeats: Int) -> Double {
        var operands = products.map { e in
            (Matrix(rows: e.transposeA ? e.k : e.m, cols: e.transposeA ? e.m : e.k, repeating: 0.5),
             Matrix(rows: e.transposeB ? e.n : e.k, cols: e.transposeB ? e.k : e.n, repeating: 0.25),
             Matrix(rows: e.m, cols: e.n))
        }
        return Timing.median(repeats: repeats) {
            for (i, e) in products.enumerated() {
                operands[i].2.accumulateProduct(operands[i].0, operands[i].1,
                                                transposeA: e.transposeA, transposeB: e.transposeB, beta: 0)
            }
        }
    }
}

func fmt(_ x: Double, _ width: Int, digits: Int = 2) -> String {
    let s = String(format: "%.\(digits)f", x)
    return String(repeating: " ", count: max(0, width - s.count)) + s
}

extension SeededGenerator {
    /// A matrix of Uniform(−scale, scale) draws.
    mutating func matrix(_ rows: Int, _ cols: Int, scale: Double = 1) -> Matrix {
        Matrix(rows: rows, cols: cols) { _, _ in nextUniform(from: -scale, to: scale) }
    }
}
