import Foundation
import Testing
import Training

/// Configs that must be refused for their form: unreadable files, bad JSON, unknown keys,
/// wrong types, missing or absent files. Each message is checked in full and on one line.
struct ConfigErrorTests {
    @Test func aMissingConfigFileIsNamed() {
        let message = errorMessage { try TrainingConfig.load(path: "/nonexistent/latte/config.json") }
        #expect(message == "/nonexistent/latte/config.json: no such file")
    }

    @Test func aFolderIsNotAConfig() {
        let message = errorMessage { try TrainingConfig.load(path: ConfigFixture.path("ethanol")) }
        #expect(message == ConfigFixture.path("ethanol") + ": is a folder; expected a JSON config file")
    }

    @Test func invalidJSONNamesTheLineAndColumn() throws {
        let path = try writeConfig("{\n  \"data\": {\n    \"train\": \"t.xyz\",\n  }\n}\n",
                                   in: URL(fileURLWithPath: ConfigFixture.folder))
        let message = errorMessage { try TrainingConfig.load(path: path) }
        #expect(message == "\(path): line 4, column 3: not valid JSON: expected a quoted key")
    }

    @Test func duplicateKeysAreRefused() {
        expectError(#"{"data": {"train": "t.xyz", "train": "t.xyz"}}"#,
                    #"config.json: line 1, column 29: not valid JSON: duplicate key "train""#)
    }

    static let unknownKeys: [BadConfig] = [
        BadConfig(ConfigFixture.config(training: #""learnig_rate": 0.01"#),
                  "config.json: training.learnig_rate: unknown key; did you mean 'learning_rate'?"),
        BadConfig(ConfigFixture.config(training: #""learningRate": 0.01"#),
                  "config.json: training.learningRate: unknown key; did you mean 'learning_rate'?"),
        BadConfig(ConfigFixture.config(top: #""trainig": {}"#),
                  "config.json: trainig: unknown key; did you mean 'training'?"),
        BadConfig(ConfigFixture.config(data: #""validaton": "t.xyz""#),
                  "config.json: data.validaton: unknown key; did you mean 'validation'?"),
        BadConfig(ConfigFixture.config(model: #""activaton": "tanh""#),
                  "config.json: model.activaton: unknown key; did you mean 'activation'?"),
        BadConfig(ConfigFixture.config(training: #""schedule": {"typ": "constant"}"#),
                  "config.json: training.schedule.typ: unknown key; did you mean 'type'?"),
        BadConfig(ConfigFixture.config(training: #""momentum": 0.9"#),
                  "config.json: training.momentum: unknown key; valid keys here are epochs, batch_size, seed, "
                  + "energy_weight, force_weight, stress_weight, energy_weight_final, force_weight_final, energy_loss, config_type_weights, "
                  + "optimizer, learning_rate, learning_rate_batch_atoms, weight_decay, "
                  + "schedule, clip_gradient_norm, ema_decay, early_stopping_patience, parts, threads, checkpoint_seconds, committee"),
        BadConfig(ConfigFixture.config(top: #""name": "x""#),
                  "config.json: name: unknown key; valid keys here are data, model, training, output, description"),
        BadConfig(ConfigFixture.config(training: #""schedule": {"type": "piecewise", "stages": [{"lr": 0.1}]}"#),
                  "config.json: training.schedule.stages[0].lr: unknown key; valid keys here are steps, type, "
                  + "learning_rate, decay_rate, decay_steps"),
    ]

    @Test(arguments: unknownKeys) func unknownKeysNameTheKeyAndTheNearestValidOne(_ bad: BadConfig) {
        expectError(bad.json, bad.message)
    }

    static let wrongShapes: [BadConfig] = [
        BadConfig("[]", "config.json: (top level): expected an object, found an array of 0 items"),
        BadConfig(ConfigFixture.config(top: #""model": [1]"#), "config.json: model: expected an object, found an array of 1 item"),
        BadConfig(#"{"data": null}"#, "config.json: data: expected an object, found null"),
        BadConfig(#"{"model": {}}"#,
                  "config.json: data.train: missing; the training structures (an extxyz file) are required"),
        BadConfig(#"{"data": {"test": "t.xyz"}}"#,
                  "config.json: data.train: missing; the training structures (an extxyz file) are required"),
        BadConfig(#"{"data": {"train": null}}"#, "config.json: data.train: expected a file path, found null"),
        BadConfig(#"{"data": {"train": ""}}"#, "config.json: data.train: expected a file path, found an empty string"),
        BadConfig(#"{"data": {"train": ["t.xyz"]}}"#, "config.json: data.train: expected a file path, found an array of 1 item"),
        BadConfig(ConfigFixture.config(data: #""validation": 3"#),
                  "config.json: data.validation: expected a file path or null, found a number"),
        BadConfig(ConfigFixture.config(data: #""energy_key": """#),
                  "config.json: data.energy_key: expected a property name, found an empty string"),
        BadConfig(ConfigFixture.config(top: #""output": """#), "config.json: output: expected a folder path, found an empty string"),
        BadConfig(ConfigFixture.config(top: #""output": null"#), "config.json: output: expected a folder path, found null"),
        BadConfig(ConfigFixture.config(top: #""description": 5"#), "config.json: description: expected a string or null, found a number"),
        BadConfig(ConfigFixture.config(training: #""epochs": "200""#),
                  "config.json: training.epochs: expected a positive integer, found a string"),
        BadConfig(ConfigFixture.config(training: #""epochs": 2.5"#),
                  "config.json: training.epochs: expected a positive integer, found 2.5"),
        BadConfig(ConfigFixture.config(training: #""epochs": null"#),
                  "config.json: training.epochs: expected a positive integer, found null"),
        BadConfig(ConfigFixture.config(training: #""epochs": 1e300"#),
                  "config.json: training.epochs: expected a positive integer, found 1e+300"),
        BadConfig(ConfigFixture.config(training: #""threads": "4""#),
                  "config.json: training.threads: expected a positive integer or null, found a string"),
        BadConfig(ConfigFixture.config(training: #""learning_rate": "0.01""#),
                  "config.json: training.learning_rate: expected a positive number, found a string"),
        BadConfig(ConfigFixture.config(training: #""config_type_weights": {"liquid": -1}"#),
                  "config.json: training.config_type_weights.liquid: expected a non-negative number, found -1"),
        BadConfig(ConfigFixture.config(training: #""config_type_weights": 2"#),
                  "config.json: training.config_type_weights: expected an object of factors keyed by config_type, "
                  + "such as {\"liquid\": 2}, found a number"),
        BadConfig(ConfigFixture.config(training: #""learning_rate_batch_atoms": 0"#),
                  "config.json: training.learning_rate_batch_atoms: expected a positive number or null, found 0"),
        BadConfig(ConfigFixture.config(training: #""schedule": "exponential""#),
                  "config.json: training.schedule: expected an object, found a string"),
        BadConfig(ConfigFixture.config(model: #""learn_widths": "yes""#),
                  "config.json: model.learn_widths: expected true or false, found a string"),
        BadConfig(ConfigFixture.config(model: #""activation": 1"#),
                  "config.json: model.activation: expected one of gaussian, tanh, silu, softplus, linear, found a number"),
        BadConfig(ConfigFixture.config(model: #""descriptor": 16"#),
                  #"config.json: model.descriptor: expected a descriptor shape string such as "16,-:16,i,i", found a number"#),
        BadConfig(ConfigFixture.config(model: #""hidden": 64"#),
                  "config.json: model.hidden: expected an array of positive integers (hidden layer sizes), found a number"),
        BadConfig(ConfigFixture.config(model: #""species": "H""#),
                  #"config.json: model.species: expected an array of element symbols such as ["H", "C"], found a string"#),
        BadConfig(ConfigFixture.config(model: #""species": [1]"#),
                  #"config.json: model.species[0]: expected an element symbol such as "H", found a number"#),
    ]

    @Test(arguments: wrongShapes) func wrongTypesSayWhatWasExpectedAndFound(_ bad: BadConfig) {
        expectError(bad.json, bad.message)
    }

    @Test func aMisspeltDataFileIsNamedWithItsResolvedPath() {
        expectError(ConfigFixture.config(data: #""test": "ethanol/tset.xyz""#),
                    "config.json: data.test: no such file 'ethanol/tset.xyz' (resolved to \(ConfigFixture.path("ethanol/tset.xyz")))")
        expectError(#"{"data": {"train": "ethanol/../train.xyz"}}"#,
                    "config.json: data.train: no such file 'ethanol/../train.xyz' (resolved to \(ConfigFixture.path("train.xyz")))")
        expectError(ConfigFixture.config(data: #""validation": "/nonexistent/val.xyz""#),
                    "config.json: data.validation: no such file '/nonexistent/val.xyz'")
    }

    @Test func foldersWithoutPannaFilesAreNotDataAndFilesAreNotOutputFolders() {
        expectError(ConfigFixture.config(data: #""validation": "ethanol""#),
                    "config.json: data.validation: 'ethanol' (resolved to \(ConfigFixture.path("ethanol"))) is a folder without PANNA example files (*.json or *.example); expected an extxyz file or such a folder")
        expectError(ConfigFixture.config(top: #""output": "runs/occupied""#),
                    "config.json: output: 'runs/occupied' (resolved to \(ConfigFixture.path("runs/occupied"))) is a file; "
                    + "expected a folder for the run's output")
    }

    @Test func valuesAreCheckedBeforeFiles() {
        // A bad value is reported even though the training file does not exist either.
        expectError(#"{"data": {"train": "missing.xyz"}, "training": {"epochs": 0}}"#,
                    "config.json: training.epochs: expected a positive integer, found 0")
    }
}
