import Foundation
import JSON

extension TrainingConfig {
    static let keys = ["data", "model", "training", "output", "description"]

    /// Reads the training config at `path` (FORMATS.md section 2, docs/CONFIG.md).
    ///
    /// Missing keys keep their defaults; `null` for an optional key means absent. Unknown keys,
    /// wrong types and impossible values are refused with one line, `FILE: KEY: PROBLEM`, e.g.
    /// `config.json: training.learnig_rate: unknown key; did you mean 'learning_rate'?`. Paths
    /// are resolved against the config file's folder, and the data files must exist.
    /// Errors are `JSONFileError`s whose `file` is `path` as given.
    public static func load(path: String) throws -> TrainingConfig {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw JSONFileError(file: path, field: "", problem: "no such file")
        }
        guard !isFolder.boolValue else {
            throw JSONFileError(file: path, field: "", problem: "is a folder; expected a JSON config file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONFileError(file: path, field: "", problem: "cannot be read (check its permissions)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return try decode(Array(data), source: path, folder: folder)
    }

    /// Reads a config from JSON text, as `load` does: `source` names it in errors and relative
    /// paths are resolved against `folder` (itself relative to the working directory if not
    /// absolute). The data files must exist.
    public static func decode(_ text: String, source: String, folder: String) throws -> TrainingConfig {
        try decode(Array(text.utf8), source: source, folder: folder)
    }

    /// Reads a config from UTF-8 JSON bytes; see `decode(_:source:folder:)`.
    public static func decode(_ bytes: [UInt8], source: String, folder: String) throws -> TrainingConfig {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch let error as JSONSyntaxError {
            throw JSONFileError(file: source, field: "line \(error.line), column \(error.column)",
                                problem: "not valid JSON: \(error.problem)")
        }
        let top = try ConfigSection(JSONField(value: document, path: "", file: source), keys: keys)
        var config = TrainingConfig()
        try top.readOptional("description", into: &config.description) { field in
            guard case .string(let text) = field.value else {
                throw field.fail("expected a string or null, found \(field.value.kindDescription)")
            }
            return text
        }
        config.data = try DataConfig(ConfigSection(member: "data", of: top, keys: DataConfig.keys))
        config.model = try ModelConfig(ConfigSection(member: "model", of: top, keys: ModelConfig.keys))
        config.training = try OptimisationConfig(ConfigSection(member: "training", of: top, keys: OptimisationConfig.keys))
        try top.read("output", into: &config.output) { try $0.nonEmptyString("a folder path") }
        try config.resolvePaths(ConfigPaths(folder: folder, file: source))
        return config
    }

    /// Makes every path absolute and checks the data files, after all values are known good.
    private mutating func resolvePaths(_ paths: ConfigPaths) throws {
        data.train = try paths.existingData(data.train, field: "data.train")
        if let validation = data.validation {
            data.validation = try paths.existingData(validation, field: "data.validation")
        }
        if let test = data.test {
            data.test = try paths.existingData(test, field: "data.test")
        }
        if let start = model.initFrom {
            model.initFrom = try paths.existingFile(start, field: "model.init_from")
        }
        output = try paths.outputFolder(output, field: "output")
    }
}
