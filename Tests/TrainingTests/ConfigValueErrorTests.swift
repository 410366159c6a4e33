import Latte
import Testing
import Training

/// Values of the right type that cannot describe a run: each refused with one line naming
/// the key and what was expected.
struct ConfigValueErrorTests {
    static let model: [BadConfig] = [
        BadConfig(ConfigFixture.config(model: #""cutoff": 0"#), "config.json: model.cutoff: expected a positive number, found 0"),
        BadConfig(ConfigFixture.config(model: #""cutoff": -5"#), "config.json: model.cutoff: expected a positive number, found -5"),
        BadConfig(ConfigFixture.config(model: #""widths": [0.5, 1, 2]"#),
                  "config.json: model.widths: expected [w_min, w_max] or [w]: 1 or 2 positive numbers in Å, found an array of 3 items"),
        BadConfig(ConfigFixture.config(model: #""widths": []"#),
                  "config.json: model.widths: expected [w_min, w_max] or [w]: 1 or 2 positive numbers in Å, found an array of 0 items"),
        BadConfig(ConfigFixture.config(model: #""widths": 1"#),
                  "config.json: model.widths: expected [w_min, w_max] or [w]: 1 or 2 positive numbers in Å, found a number"),
        BadConfig(ConfigFixture.config(model: #""widths": [0, 1]"#), "config.json: model.widths[0]: expected a positive number, found 0"),
        BadConfig(ConfigFixture.config(model: #""widths": [0.5, "2"]"#),
                  "config.json: model.widths[1]: expected a positive number, found a string"),
        BadConfig(ConfigFixture.config(model: #""widths": [2, 1]"#),
                  "config.json: model.widths: w_min 2 Å is above w_max 1 Å; expected [w_min, w_max]"),
        BadConfig(ConfigFixture.config(model: #""cutoff": 5, "widths": [0.5, 3]"#),
                  "config.json: model.widths: the largest width 3 Å is above half the cutoff 5 Å (need 2·w_max ≤ R_c)"),
        BadConfig(ConfigFixture.config(model: #""cutoff": 5, "widths": [2.6]"#),
                  "config.json: model.widths: the width 2.6 Å is above half the cutoff 5 Å (need 2·w ≤ R_c)"),
        BadConfig(ConfigFixture.config(model: #""cutoff": 3.5"#),
                  "config.json: model.widths: the largest width 2 Å is above half the cutoff 3.5 Å (need 2·w_max ≤ R_c); "
                  + "widths default to [0.5, 2]"),
        BadConfig(ConfigFixture.config(model: #""hidden": [64, 0]"#), "config.json: model.hidden[1]: expected a positive integer, found 0"),
        BadConfig(ConfigFixture.config(model: #""hidden": [64.5]"#), "config.json: model.hidden[0]: expected a positive integer, found 64.5"),
        BadConfig(ConfigFixture.config(model: #""activation": "sigmoid""#),
                  "config.json: model.activation: unknown activation 'sigmoid'; expected one of gaussian, tanh, silu, softplus, linear"),
        BadConfig(ConfigFixture.config(model: #""activation": "tahn""#),
                  "config.json: model.activation: unknown activation 'tahn' (did you mean 'tanh'?); "
                  + "expected one of gaussian, tanh, silu, softplus, linear"),
        BadConfig(ConfigFixture.config(model: #""species_weights": "shared""#),
                  "config.json: model.species_weights: unknown species_weights mode 'shared'; expected one of specific, common"),
        BadConfig(ConfigFixture.config(model: #""species": ["H", "Xx"]"#),
                  "config.json: model.species[1]: 'Xx' is not an element symbol (symbols are spelt like H, He, Si)"),
        BadConfig(ConfigFixture.config(model: #""species": ["si"]"#),
                  "config.json: model.species[0]: 'si' is not an element symbol (symbols are spelt like H, He, Si)"),
        BadConfig(ConfigFixture.config(model: #""species": ["H", "C", "H"]"#),
                  "config.json: model.species[2]: 'H' is repeated (also model.species[0]); list each species once"),
        BadConfig(ConfigFixture.config(model: #""offsets": {"H": "-13.6"}"#),
                  "config.json: model.offsets.H: expected a number (eV), found a string"),
        BadConfig(ConfigFixture.config(model: #""offsets": {"H": -13.6, "Q": 1}"#),
                  "config.json: model.offsets.Q: 'Q' is not an element symbol (symbols are spelt like H, He, Si)"),
        BadConfig(ConfigFixture.config(model: #""offsets": "auto""#),
                  #"config.json: model.offsets: expected "fit", "keep" or an object of energies in eV such as {"H": -13.6}, found 'auto'"#),
        BadConfig(ConfigFixture.config(model: #""offsets": {}"#),
                  #"config.json: model.offsets: expected "fit", "keep" or an object of energies in eV such as {"H": -13.6}, found an empty object"#),
        BadConfig(ConfigFixture.config(model: #""offsets": [1]"#),
                  #"config.json: model.offsets: expected "fit", "keep" or an object of energies in eV such as {"H": -13.6}, found an array of 1 item"#),
        BadConfig(ConfigFixture.config(model: #""species": ["H", "C", "O"], "offsets": {"H": -13.6}"#),
                  #"config.json: model.offsets: no energy for C, O of model.species; give one for every species, or use "fit""#),
        BadConfig(ConfigFixture.config(model: #""offsets": "keep""#),
                  #"config.json: model.offsets: "keep" keeps the offsets of the potential model.init_from names, and there is none; use "fit" or give model.init_from"#),
        BadConfig(ConfigFixture.config(model: #""init_from": 3"#),
                  #"config.json: model.init_from: expected a potential.json path or null, found a number"#),
    ]

    static let training: [BadConfig] = [
        BadConfig(ConfigFixture.config(training: #""epochs": 0"#), "config.json: training.epochs: expected a positive integer, found 0"),
        BadConfig(ConfigFixture.config(training: #""batch_size": 0"#), "config.json: training.batch_size: expected a positive integer, found 0"),
        BadConfig(ConfigFixture.config(training: #""seed": -1"#),
                  "config.json: training.seed: expected a non-negative integer below 2^53, found -1"),
        BadConfig(ConfigFixture.config(training: #""seed": 9007199254740992"#),
                  "config.json: training.seed: expected a non-negative integer below 2^53, found 9007199254740992"),
        BadConfig(ConfigFixture.config(training: #""seed": 1.5"#),
                  "config.json: training.seed: expected a non-negative integer below 2^53, found 1.5"),
        BadConfig(ConfigFixture.config(training: #""energy_weight": -1"#),
                  "config.json: training.energy_weight: expected a non-negative number, found -1"),
        BadConfig(ConfigFixture.config(training: #""force_weight": -0.5"#),
                  "config.json: training.force_weight: expected a non-negative number, found -0.5"),
        BadConfig(ConfigFixture.config(training: #""stress_weight": -2"#),
                  "config.json: training.stress_weight: expected a non-negative number, found -2"),
        BadConfig(ConfigFixture.config(training: #""energy_weight": 0, "force_weight": 0"#),
                  "config.json: training: energy_weight, force_weight and stress_weight are all 0; at least one must be positive"),
        BadConfig(ConfigFixture.config(training: #""energy_loss": "mse""#),
                  "config.json: training.energy_loss: unknown energy_loss 'mse'; expected one of per_atom, per_structure"),
        BadConfig(ConfigFixture.config(training: #""optimizer": "sgd""#),
                  "config.json: training.optimizer: unknown optimizer 'sgd'; expected one of adam, adamw"),
        BadConfig(ConfigFixture.config(training: #""optimizer": "AdamW""#),
                  "config.json: training.optimizer: unknown optimizer 'AdamW' (did you mean 'adamw'?); expected one of adam, adamw"),
        BadConfig(ConfigFixture.config(training: #""learning_rate": 0"#),
                  "config.json: training.learning_rate: expected a positive number, found 0"),
        BadConfig(ConfigFixture.config(training: #""weight_decay": -0.01"#),
                  "config.json: training.weight_decay: expected a non-negative number, found -0.01"),
        BadConfig(ConfigFixture.config(training: #""ema_decay": 1"#),
                  "config.json: training.ema_decay: expected a number in (0, 1) or null, found 1"),
        BadConfig(ConfigFixture.config(training: #""ema_decay": 0"#),
                  "config.json: training.ema_decay: expected a number in (0, 1) or null, found 0"),
        BadConfig(ConfigFixture.config(training: #""clip_gradient_norm": 0"#),
                  "config.json: training.clip_gradient_norm: expected a positive number or null, found 0"),
        BadConfig(ConfigFixture.config(training: #""early_stopping_patience": 0"#),
                  "config.json: training.early_stopping_patience: expected a positive integer or null, found 0"),
        BadConfig(ConfigFixture.config(training: #""threads": 0"#),
                  "config.json: training.threads: expected a positive integer or null, found 0"),
        BadConfig(ConfigFixture.config(training: #""checkpoint_seconds": 0"#),
                  "config.json: training.checkpoint_seconds: expected a positive number, found 0"),
        BadConfig(ConfigFixture.config(training: #""checkpoint_seconds": -1.5"#),
                  "config.json: training.checkpoint_seconds: expected a positive number, found -1.5"),
        BadConfig(ConfigFixture.config(training: #""checkpoint_seconds": "300""#),
                  "config.json: training.checkpoint_seconds: expected a positive number, found a string"),
        BadConfig(ConfigFixture.config(data: #""validation_fraction": 1"#),
                  "config.json: data.validation_fraction: expected a number in (0, 1), found 1"),
        BadConfig(ConfigFixture.config(data: #""validation_fraction": 0"#),
                  "config.json: data.validation_fraction: expected a number in (0, 1), found 0"),
        BadConfig(ConfigFixture.config(data: #""train_limit": 0"#),
                  "config.json: data.train_limit: expected a positive integer or null, found 0"),
        BadConfig(ConfigFixture.config(data: #""test_limit": 1.5"#),
                  "config.json: data.test_limit: expected a positive integer or null, found 1.5"),
    ]

    static func schedule(_ members: String) -> String { ConfigFixture.config(training: #""schedule": {\#(members)}"#) }

    static let schedules: [BadConfig] = [
        BadConfig(schedule(#""type": "linear""#),
                  "config.json: training.schedule.type: unknown schedule type 'linear'; "
                  + "expected one of constant, exponential, piecewise, plateau, cosine"),
        BadConfig(schedule(#""type": "exponential", "decay_rate": 0"#),
                  "config.json: training.schedule.decay_rate: expected a positive number, found 0"),
        BadConfig(schedule(#""type": "exponential", "decay_steps": 0"#),
                  "config.json: training.schedule.decay_steps: expected a positive integer, found 0"),
        BadConfig(schedule(#""type": "plateau", "factor": 1"#),
                  "config.json: training.schedule.factor: expected a number in (0, 1), found 1"),
        BadConfig(schedule(#""type": "plateau", "patience": 0"#),
                  "config.json: training.schedule.patience: expected a positive integer, found 0"),
        BadConfig(schedule(#""type": "plateau", "threshold": -0.1"#),
                  "config.json: training.schedule.threshold: expected a non-negative number, found -0.1"),
        BadConfig(schedule(#""type": "plateau", "min_learning_rate": -1"#),
                  "config.json: training.schedule.min_learning_rate: expected a non-negative number, found -1"),
        BadConfig(schedule(#""warmup_steps": -1"#),
                  "config.json: training.schedule.warmup_steps: expected a non-negative integer, found -1"),
        BadConfig(schedule(#""type": "piecewise""#),
                  "config.json: training.schedule.stages: a piecewise schedule needs at least one stage, e.g. "
                  + #"[{"steps": 1000, "learning_rate": 0.01}, {"learning_rate": 0.001}]"#),
        BadConfig(schedule(#""type": "piecewise", "stages": []"#),
                  "config.json: training.schedule.stages: expected a non-empty array of stage objects, found an array of 0 items"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"learning_rate": 0.1}, {"learning_rate": 0.01}]"#),
                  "config.json: training.schedule.stages[0].steps: missing; every stage but the last needs the number of "
                  + "optimiser steps it lasts"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"steps": 0, "learning_rate": 0.1}]"#),
                  "config.json: training.schedule.stages[0].steps: expected a positive integer or null, found 0"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"steps": 10, "learning_rate": 0.1}, {"steps": 5}]"#),
                  "config.json: training.schedule.stages[1].learning_rate: missing; every stage needs its initial learning rate"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"type": "plateau", "learning_rate": 0.1}]"#),
                  "config.json: training.schedule.stages[0].type: unknown stage type 'plateau'; expected one of constant, exponential"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"learning_rate": 0.1, "decay_rate": 0.5}]"#),
                  "config.json: training.schedule.stages[0].decay_rate: used only by the 'exponential' schedule, "
                  + "but the stage's type is 'constant'; remove it or change type"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"type": "exponential", "learning_rate": 0.1, "decay_rate": -1}]"#),
                  "config.json: training.schedule.stages[0].decay_rate: expected a positive number, found -1"),
        BadConfig(schedule(#""type": "piecewise", "stages": [{"learning_rate": 0}]"#),
                  "config.json: training.schedule.stages[0].learning_rate: expected a positive number, found 0"),
        BadConfig(schedule(#""stages": [{"learning_rate": 0.1}]"#),
                  "config.json: training.schedule.stages: used only by the 'piecewise' schedule, but type is 'constant'; "
                  + "remove it or change type"),
        BadConfig(schedule(#""type": "exponential", "factor": 0.5"#),
                  "config.json: training.schedule.factor: used only by the 'plateau' schedule, but type is 'exponential'; "
                  + "remove it or change type"),
        BadConfig(schedule(#""type": "constant", "decay_epochs": 10"#),
                  "config.json: training.schedule.decay_epochs: used only by the 'exponential' and 'cosine' schedules, "
                  + "but type is 'constant'; remove it or change type"),
        BadConfig(schedule(#""type": "exponential", "decay_steps": 100, "decay_epochs": 10"#),
                  "config.json: training.schedule.decay_epochs: give either decay_steps or decay_epochs, not both"),
        BadConfig(schedule(#""warmup_steps": 100, "warmup_epochs": 1"#),
                  "config.json: training.schedule.warmup_epochs: give either warmup_steps or warmup_epochs, not both"),
        BadConfig(schedule(#""type": "cosine", "decay_epochs": 0"#),
                  "config.json: training.schedule.decay_epochs: expected a positive number of epochs, found 0"),
        BadConfig(schedule(#""type": "cosine", "decay_steps": 100"#),
                  "config.json: training.schedule.decay_steps: used only by the 'exponential' schedule, but type is 'cosine'; "
                  + "remove it or change type"),
        BadConfig(schedule(#""warmup_epochs": -1"#),
                  "config.json: training.schedule.warmup_epochs: expected a non-negative number of epochs, found -1"),
    ]

    @Test(arguments: model) func impossibleModelValues(_ bad: BadConfig) { expectError(bad.json, bad.message) }

    @Test(arguments: training) func impossibleTrainingAndDataValues(_ bad: BadConfig) { expectError(bad.json, bad.message) }

    @Test(arguments: schedules) func impossibleSchedules(_ bad: BadConfig) { expectError(bad.json, bad.message) }

    @Test func aShapeThatDoesNotParsePassesOnTheShapeError() throws {
        for shape in ["16,x", "", "16,-:", "16,i,j"] {
            let shapeError = errorMessage { try DescriptorShape(shape) }
            #expect(!shapeError.isEmpty)
            expectError(ConfigFixture.config(model: #""descriptor": "\#(shape)""#),
                        shape.isEmpty ? #"config.json: model.descriptor: expected a descriptor shape string such as "16,-:16,i,i", found an empty string"#
                                      : "config.json: model.descriptor: \(shapeError)")
        }
    }
}
