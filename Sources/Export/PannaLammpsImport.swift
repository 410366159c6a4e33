import Foundation
import Latte

/// Reads the files of PANNA's `pair_style latte` (`panna.in` and its `model_file`, the layout
/// of docs/PANNA-EXPORT.md) back into the potential the plugin evaluates.
///
/// Contract:
/// - The result is a "specific"-mode potential with gaussian activation and zero offsets (the
///   plugin has none: a `PannaLammpsExport` potential's offsets are inside its last biases);
///   every number is the float32 of the file, as a Double.
/// - Letters of the shape are named i, j, k, ... in the file's index order
///   (`PannaDescriptorShape`).
/// - Only what the plugin reads is used: `species` (count, then the symbols, which PANNA's
///   exporter and Latte write after it), `architecture`, `activation` (must be 0), `cutoff`,
///   `descriptor_shape`, `model_file`, `sigma` (when non-zero: one width for every channel and
///   none in the binary), `format` (must be 0, binary). `model` and `descriptor`, when present,
///   must be `MLP` and `LATTE`; other keys are ignored, as the plugin ignores them.
/// - The binary must hold exactly the numbers the layout needs (the plugin refuses a file that
///   is too small or too big). Anything else is a `PannaLammpsImportError` naming the file.
public enum PannaLammpsImport {
    /// Reads `FOLDER/panna.in` and the binary it names.
    public static func read(folder: String) throws -> PotentialParameters {
        let folderURL = URL(fileURLWithPath: folder)
        let parameterPath = folderURL.appendingPathComponent(PannaLammpsExport.parameterFileName).path
        let text = String(decoding: try contents(of: parameterPath), as: UTF8.self)
        let values = try PannaParameterFile.values(of: text, file: parameterPath)
        let modelName = try required("model_file", in: values, file: parameterPath)
        let model = try contents(of: folderURL.appendingPathComponent(modelName).path)
        return try parameters(values: values, model: model, parameterFile: parameterPath,
                              modelFile: folderURL.appendingPathComponent(modelName).path)
    }

    /// Reads files held in memory, as `PannaLammpsExport.files(for:)` returns them.
    public static func read(files: [(name: String, bytes: [UInt8])]) throws -> PotentialParameters {
        let parameterName = PannaLammpsExport.parameterFileName
        guard let parameterFile = files.first(where: { $0.name == parameterName }) else {
            throw PannaLammpsImportError(file: parameterName, problem: "missing")
        }
        let values = try PannaParameterFile.values(of: String(decoding: parameterFile.bytes, as: UTF8.self),
                                                   file: parameterName)
        let modelName = try required("model_file", in: values, file: parameterName)
        guard let model = files.first(where: { $0.name == modelName }) else {
            throw PannaLammpsImportError(file: modelName, problem: "missing")
        }
        return try parameters(values: values, model: model.bytes, parameterFile: parameterName, modelFile: modelName)
    }

    private static func contents(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PannaLammpsImportError(file: path, problem: "cannot be read (missing, a folder, or no permission)")
        }
        return Array(data)
    }

    private static func required(_ key: String, in values: [String: String], file: String) throws -> String {
        guard let value = values[key], !value.isEmpty else {
            throw PannaLammpsImportError(file: file, problem: "no '\(key)=' line; pair_style latte needs it")
        }
        return value
    }

    private static func parameters(values: [String: String], model: [UInt8], parameterFile file: String,
                                   modelFile: String) throws -> PotentialParameters {
        func fail(_ problem: String) -> PannaLammpsImportError { PannaLammpsImportError(file: file, problem: problem) }
        for (key, expected) in [("model", "MLP"), ("descriptor", "LATTE"), ("format", "0"), ("activation", "0")] {
            if let value = values[key], value != expected {
                throw fail("\(key)=\(value): only \(key)=\(expected) is read here"
                    + (key == "activation" ? " (0 is the gaussian exp(-x^2), the plugin's only activation)" : ""))
            }
        }
        guard values["activation"] != nil else { throw fail("no 'activation=' line; the plugin would leave it undefined") }

        let speciesFields = try required("species", in: values, file: file)
            .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let count = Int(speciesFields[0]), count > 0, speciesFields.count == count + 1 else {
            throw fail("species=\(values["species"]!): expected the count, then that many symbols, as in 'species=2,H,O'")
        }
        let species = Array(speciesFields.dropFirst())

        let cutoffText = try required("cutoff", in: values, file: file)
        guard let cutoff = Double(cutoffText), cutoff.isFinite, cutoff > 0 else {
            throw fail("cutoff=\(cutoffText): expected a positive number of Å")
        }
        let shape = try PannaDescriptorShape.decode(try required("descriptor_shape", in: values, file: file), file: file)

        let architecture = try required("architecture", in: values, file: file)
        let numbers = architecture.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard numbers.count >= 3, numbers.allSatisfy({ ($0 ?? 0) > 0 }), numbers[0]! == numbers.count - 1 else {
            throw fail("architecture=\(architecture): expected the number of sizes, then the sizes, as in 'architecture=4,56,64,64,1'")
        }
        let sizes = numbers.dropFirst().map { $0! }
        guard sizes.first == shape.descriptorLength, sizes.last == 1 else {
            throw fail("architecture=\(architecture): expected sizes from the descriptor length \(shape.descriptorLength) to 1")
        }

        var fixedWidth: Double?
        if let sigmaText = values["sigma"] {
            guard let sigma = Double(sigmaText), sigma.isFinite, sigma >= 0 else {
                throw fail("sigma=\(sigmaText): expected a width in Å, or 0 for widths in the binary")
            }
            if sigma > 0 { fixedWidth = Double(Float(sigma)) }  // the plugin keeps sigma as a float
        }

        var expected = PannaModelLayout.valueCount(speciesCount: species.count, shape: shape, layerSizes: sizes)
        if fixedWidth != nil { expected -= species.count * shape.channelCount }
        guard model.count == 4 * expected else {
            throw PannaLammpsImportError(file: modelFile, problem:
                "expected \(4 * expected) bytes (\(expected) float32 values for these species, descriptor and architecture), found \(model.count)")
        }
        let parameters = PannaModelLayout.parameters(
            from: PannaModelLayout.values(fromLittleEndian: model), species: species, cutoff: cutoff, shape: shape,
            layerSizes: sizes, fixedWidth: fixedWidth)
        do { try parameters.checkConsistency() } catch let error as PotentialParametersError {
            throw PannaLammpsImportError(file: modelFile, problem: error.description)
        }
        return parameters
    }
}

/// A `panna.in` or binary that cannot be read; `description` is one line: `FILE: PROBLEM`.
public struct PannaLammpsImportError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
