import Foundation
import Latte
import Testing
import Training

/// Configs that load: FORMATS.md's example, the defaults, every key set, path resolution.
struct ConfigTests {
    /// FORMATS.md section 2, verbatim.
    static let formatsExample = """
    {
      "data": {
        "train": "ethanol/train.xyz",
        "validation": "ethanol/val.xyz",
        "validation_fraction": 0.05,
        "test": "ethanol/test.xyz",
        "energy_key": "energy",
        "forces_key": "forces"
      },
      "model": {
        "cutoff": 5.0,
        "descriptor": "16,-:16,i,i:16,ij,ij:8,i,j,ij",
        "widths": [0.5, 2.0],
        "learn_widths": true,
        "species_weights": "specific",
        "hidden": [64, 64],
        "activation": "gaussian",
        "offsets": "fit"
      },
      "training": {
        "epochs": 200,
        "batch_size": 8,
        "seed": 1,
        "energy_weight": 1.0,
        "force_weight": 10.0,
        "optimizer": "adam",
        "learning_rate": 0.005,
        "weight_decay": 0.0
      },
      "output": "runs/ethanol"
    }
    """

    @Test func formatsExampleLoadsFromAFileWithItsValues() throws {
        let config = try TrainingConfig.load(path: writeConfig(Self.formatsExample, in: URL(fileURLWithPath: ConfigFixture.folder)))
        #expect(config.data.train == ConfigFixture.path("ethanol/train.xyz"))
        #expect(config.data.validation == ConfigFixture.path("ethanol/val.xyz"))
        #expect(config.data.validationFraction == 0.05)
        #expect(config.data.test == ConfigFixture.path("ethanol/test.xyz"))
        #expect(config.data.energyKey == "energy" && config.data.forcesKey == "forces")
        #expect(config.model.cutoff == 5.0)
        #expect(config.model.descriptor == "16,-:16,i,i:16,ij,ij:8,i,j,ij")
        #expect(config.model.widths == [0.5, 2.0] && config.model.learnWidths)
        #expect(config.model.widthPolicy == .learned(minimum: 0.5, maximum: 2.0))
        #expect(config.model.speciesWeights == .specific && config.model.activation == .gaussian)
        #expect(config.model.hidden == [64, 64] && config.model.offsets == .fit)
        #expect(config.training.epochs == 200 && config.training.batchSize == 8 && config.training.seed == 1)
        #expect(config.training.energyWeight == 1.0 && config.training.forceWeight == 10.0)
        #expect(config.training.optimizer == .adam && config.training.learningRate == 0.005)
        #expect(config.training.weightDecay == 0.0)
        #expect(config.output == ConfigFixture.path("runs/ethanol"))
    }

    @Test func aMinimalConfigGivesEveryDefault() throws {
        let config = try ConfigFixture.decode(#"{"data": {"train": "t.xyz"}}"#)
        var expected = TrainingConfig()
        expected.data.train = ConfigFixture.path("t.xyz")
        expected.output = ConfigFixture.path("runs/latte")
        #expect(config == expected)
        // The documented defaults (docs/CONFIG.md), spelt out.
        #expect(config.data.validation == nil && config.data.test == nil && config.data.validationFraction == 0.05)
        #expect(config.data.trainLimit == nil && config.data.testLimit == nil)
        #expect([config.data.energyKey, config.data.forcesKey, config.data.stressKey, config.data.virialKey]
            == ["energy", "forces", "stress", "virial"])
        #expect(config.model.species.isEmpty && config.model.cutoff == 5 && config.model.widths == [0.5, 2])
        #expect(config.model.descriptor == "16,-:16,i,i:16,ij,ij:8,i,j,ij" && config.model.learnWidths)
        #expect(config.model.hidden == [64, 64] && config.model.activation == .gaussian)
        #expect(config.model.speciesWeights == .specific && config.model.offsets == .fit)
        let training = config.training
        #expect(training.epochs == 200 && training.batchSize == 8 && training.seed == 1)
        #expect(training.energyWeight == 1 && training.forceWeight == 10 && training.stressWeight == 0)
        #expect(training.energyLoss == .perAtom && training.optimizer == .adam)
        #expect(training.learningRate == 0.005 && training.weightDecay == 0)
        #expect(training.clipGradientNorm == nil && training.emaDecay == nil)
        #expect(training.earlyStoppingPatience == nil && training.threads == nil)
        #expect(training.checkpointSeconds == 300)
        #expect(training.schedule == ScheduleConfig() && training.schedule.kind == .constant)
        #expect(training.schedule.warmupSteps == 0)
        #expect(config.description == nil)
    }

    @Test func everyKeySetToAnotherValueArrives() throws {
        let config = try ConfigFixture.decode("""
        {"description": "all keys",
         "data": {"train": "t.xyz", "validation": null, "validation_fraction": 0.2, "test": "ethanol/test.xyz",
                  "train_limit": 100, "test_limit": 7, "energy_key": "E", "forces_key": "F", "stress_key": "S",
                  "virial_key": "V"},
         "model": {"species": ["O", "H"], "cutoff": 6.5, "descriptor": "8,-:4,i,i", "widths": [1.25],
                   "learn_widths": false, "species_weights": "common", "hidden": [], "activation": "silu",
                   "offsets": {"H": -13.6, "O": -432.1, "Si": -100}},
         "training": {"epochs": 3, "batch_size": 2, "seed": 9007199254740991, "energy_weight": 0,
                      "force_weight": 0, "stress_weight": 0.5, "energy_loss": "per_structure",
                      "optimizer": "adamw", "learning_rate": 0.01, "weight_decay": 0.001,
                      "schedule": {"type": "plateau", "factor": 0.25, "patience": 4, "threshold": 0,
                                   "min_learning_rate": 1e-7, "warmup_steps": 50},
                      "clip_gradient_norm": 5, "ema_decay": 0.999, "early_stopping_patience": 12, "threads": 2,
                      "checkpoint_seconds": 0.5},
         "output": "/tmp/latte-absolute-run"}
        """)
        #expect(config.description == "all keys")
        #expect(config.data.validation == nil && config.data.validationFraction == 0.2)
        #expect(config.data.test == ConfigFixture.path("ethanol/test.xyz"))
        #expect(config.data.trainLimit == 100 && config.data.testLimit == 7)
        #expect([config.data.energyKey, config.data.forcesKey, config.data.stressKey, config.data.virialKey]
            == ["E", "F", "S", "V"])
        #expect(config.model.species == ["O", "H"] && config.model.cutoff == 6.5)
        #expect(config.model.descriptor == "8,-:4,i,i" && config.model.widths == [1.25])
        #expect(config.model.widthPolicy == .fixed(1.25))
        #expect(config.model.speciesWeights == .common && config.model.hidden == [] && config.model.activation == .silu)
        #expect(config.model.offsets == .given(["H": -13.6, "O": -432.1, "Si": -100]))
        let training = config.training
        #expect(training.epochs == 3 && training.batchSize == 2 && training.seed == 9_007_199_254_740_991)
        #expect(training.energyWeight == 0 && training.forceWeight == 0 && training.stressWeight == 0.5)
        #expect(training.energyLoss == .perStructure && training.optimizer == .adamw)
        #expect(training.learningRate == 0.01 && training.weightDecay == 0.001)
        var schedule = ScheduleConfig()
        schedule.kind = .plateau
        schedule.factor = 0.25
        schedule.patience = 4
        schedule.threshold = 0
        schedule.minimumLearningRate = 1e-7
        schedule.warmupSteps = 50
        #expect(training.schedule == schedule)
        #expect(training.clipGradientNorm == 5 && training.emaDecay == 0.999)
        #expect(training.earlyStoppingPatience == 12 && training.threads == 2)
        #expect(training.checkpointSeconds == 0.5)
        #expect(config.output == "/tmp/latte-absolute-run")
    }

    @Test func nullMeansAbsentForOptionalKeys() throws {
        let config = try ConfigFixture.decode(ConfigFixture.config(
            data: #""test": null, "train_limit": null"#,
            training: #""clip_gradient_norm": null, "ema_decay": null, "early_stopping_patience": null, "threads": null"#,
            top: #""description": null"#))
        var expected = TrainingConfig()
        expected.data.train = ConfigFixture.path("t.xyz")
        expected.output = ConfigFixture.path("runs/latte")
        #expect(config == expected)
    }

    @Test func exponentialAndPiecewiseSchedulesArrive() throws {
        let exponential = try ConfigFixture.decode(ConfigFixture.config(
            training: #""schedule": {"type": "exponential", "decay_rate": 0.9, "decay_steps": 500}"#))
        #expect(exponential.training.schedule.kind == .exponential)
        #expect(exponential.training.schedule.decayRate == 0.9 && exponential.training.schedule.decaySteps == 500)

        let piecewise = try ConfigFixture.decode(ConfigFixture.config(training: """
        "schedule": {"type": "piecewise", "stages": [
            {"steps": 1000, "learning_rate": 0.01},
            {"steps": 2000, "type": "exponential", "learning_rate": 0.005, "decay_rate": 0.1, "decay_steps": 2000},
            {"learning_rate": 0.0001}]}
        """))
        let stages = piecewise.training.schedule.stages
        try #require(stages.count == 3)
        #expect(stages[0].steps == 1000 && stages[0].kind == .constant && stages[0].learningRate == 0.01)
        #expect(stages[1].steps == 2000 && stages[1].kind == .exponential && stages[1].learningRate == 0.005)
        #expect(stages[1].decayRate == 0.1 && stages[1].decaySteps == 2000)
        #expect(stages[2].steps == nil && stages[2].kind == .constant && stages[2].learningRate == 0.0001)
    }

    @Test func lengthsInEpochsArriveAndResolveIntoSteps() throws {
        let exponential = try ConfigFixture.decode(ConfigFixture.config(training: """
            "schedule": {"type": "exponential", "decay_rate": 0.1, "decay_epochs": 2.5, "warmup_epochs": 0.5}
            """))
        #expect(exponential.training.schedule.decayEpochs == 2.5 && exponential.training.schedule.warmupEpochs == 0.5)
        #expect(!exponential.training.schedule.isResolved)
        let resolved = exponential.training.schedule.resolvingEpochs(stepsPerEpoch: 119)
        #expect(resolved.isResolved && resolved.decaySteps == 298 && resolved.warmupSteps == 60)

        // A cosine spans the whole run unless told otherwise.
        let cosine = try ConfigFixture.decode(ConfigFixture.config(
            training: #""epochs": 40, "schedule": {"type": "cosine", "min_learning_rate": 1e-5}"#))
        #expect(cosine.training.schedule.kind == .cosine && cosine.training.schedule.decayEpochs == 40)
        #expect(cosine.training.schedule.resolvingEpochs(stepsPerEpoch: 7).decaySteps == 280)
        let shorter = try ConfigFixture.decode(ConfigFixture.config(
            training: #""epochs": 40, "schedule": {"type": "cosine", "decay_epochs": 30}"#))
        #expect(shorter.training.schedule.decayEpochs == 30)
    }

    @Test func limitsThatAreExactlyAllowedLoad() throws {
        // 2·w_max == R_c, a single width, seed 0, an empty hidden list.
        let config = try ConfigFixture.decode(ConfigFixture.config(
            model: #""cutoff": 4, "widths": [2], "hidden": []"#, training: #""seed": 0, "energy_weight": 0"#))
        #expect(config.model.widths == [2] && config.model.widthPolicy == .learned(minimum: 2, maximum: 2))
        #expect(config.training.seed == 0 && config.model.hidden.isEmpty)
    }

    @Test func relativePathsResolveAgainstTheConfigFolder() throws {
        let root = try ConfigFixture.freshFolder()
        let runFolder = root.appendingPathComponent("experiments/one")
        try FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("data/train.xyz"))
        let configPath = try writeConfig("""
        {"data": {"train": "../../data/train.xyz", "validation": "\(ConfigFixture.path("ethanol/val.xyz"))",
                  "test": "./../../data/train.xyz"}}
        """, in: runFolder)
        let config = try TrainingConfig.load(path: configPath)
        #expect(config.data.train == root.path + "/data/train.xyz")
        #expect(config.data.test == root.path + "/data/train.xyz")
        #expect(config.data.validation == ConfigFixture.path("ethanol/val.xyz"))
        #expect(config.output == runFolder.path + "/runs/latte")
    }

    @Test func aRelativeFolderIsTakenFromTheWorkingDirectory() throws {
        let config = try TrainingConfig.decode(#"{"data": {"train": "\#(ConfigFixture.path("t.xyz"))"}, "output": "out/run"}"#,
                                               source: "config.json", folder: "sub")
        #expect(config.output == FileManager.default.currentDirectoryPath + "/sub/out/run")
    }

    /// docs/CONFIG.md's complete example loads, and its tables list exactly the keys the loader
    /// accepts in each object (the loader lists them when a key is far from all of them).
    @Test func configDocumentationMatchesTheLoader() throws {
        let doc = try String(contentsOfFile: repositoryRoot + "/docs/CONFIG.md", encoding: .utf8)
        let example = try #require(doc.components(separatedBy: "```json\n").last?.components(separatedBy: "```").first)
        let config = try ConfigFixture.decode(example)
        #expect(config.training.schedule.kind == .exponential)
        #expect(config.data.test == ConfigFixture.path("ethanol/test.xyz"))

        for heading in ["top level", "data", "model", "training", "training.schedule", "training.schedule.stages[]"] {
            let documented = documentedKeys(in: doc, heading: heading)
            let accepted = acceptedKeys(of: heading)
            #expect(!accepted.isEmpty, "\(heading)")
            #expect(documented == accepted, "\(heading)")
        }
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// Writes `text` as `config.json` in `folder` (under a unique name) and returns its path.
func writeConfig(_ text: String, in folder: URL) throws -> String {
    let path = folder.appendingPathComponent("config-\(UUID().uuidString).json").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// The keys in the first column of the table under the heading "## `heading`" (or "## Top level").
func documentedKeys(in doc: String, heading: String) -> [String] {
    let title = heading == "top level" ? "## Top level" : "## `\(heading)`"
    guard let start = doc.range(of: title + "\n") else { return [] }
    let rest = doc[start.upperBound...]
    let body = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
    return body.split(separator: "\n").compactMap { line in
        guard line.hasPrefix("| `") else { return nil }
        return line.dropFirst(3).split(separator: "`").first.map(String.init)
    }
}

/// The keys the loader lists for an object when given one far from all of them.
func acceptedKeys(of heading: String) -> [String] {
    let json: String
    switch heading {
    case "top level": json = #"{"zzzzzzzzzzzz": 1}"#
    case "training.schedule.stages[]":
        json = ConfigFixture.config(training: #""schedule": {"type": "piecewise", "stages": [{"zzzzzzzzzzzz": 1}]}"#)
    case "training.schedule": json = ConfigFixture.config(training: #""schedule": {"zzzzzzzzzzzz": 1}"#)
    default: json = ConfigFixture.config(data: heading == "data" ? #""zzzzzzzzzzzz": 1"# : "",
                                         model: heading == "model" ? #""zzzzzzzzzzzz": 1"# : "",
                                         training: heading == "training" ? #""zzzzzzzzzzzz": 1"# : "")
    }
    let message = errorMessage { try ConfigFixture.decode(json) }
    guard let list = message.components(separatedBy: "valid keys here are ").last, message.contains("valid keys") else { return [] }
    return list.components(separatedBy: ", ")
}
