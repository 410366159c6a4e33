import JSON

extension OptimisationConfig {
    static let keys = ["epochs", "batch_size", "seed", "energy_weight", "force_weight", "stress_weight",
                       "energy_weight_final", "force_weight_final", "energy_loss", "config_type_weights",
                       "optimizer", "learning_rate", "learning_rate_batch_atoms", "weight_decay", "schedule", "clip_gradient_norm", "ema_decay",
                       "early_stopping_patience", "parts", "threads", "checkpoint_seconds", "committee"]

    /// The largest seed: seeds stay exact through any JSON reader that uses doubles.
    static let seedLimit: UInt64 = 1 << 53

    /// An object of non-negative factors keyed by `config_type`, such as {"liquid": 2}.
    private static func configTypeWeights(_ field: JSONField) throws -> [String: Double] {
        guard case .object(let members) = field.value else {
            throw field.fail("expected an object of factors keyed by config_type, such as {\"liquid\": 2}, "
                             + "found \(field.value.kindDescription)")
        }
        var weights: [String: Double] = [:]
        for member in members {
            weights[member.key] = try field.member(member.key).nonNegativeReal()
        }
        return weights
    }

    /// The `training` section; the loss must weigh at least one of energy, forces, stress.
    init(_ section: ConfigSection) throws {
        self.init()
        try section.read("epochs", into: &epochs) { try $0.positiveInteger() }
        try section.read("batch_size", into: &batchSize) { try $0.positiveInteger() }
        try section.read("seed", into: &seed) {
            UInt64(try $0.integer("a non-negative integer below 2^53", in: 0...Int(Self.seedLimit - 1)))
        }
        try section.read("energy_weight", into: &energyWeight) { try $0.nonNegativeReal() }
        try section.read("force_weight", into: &forceWeight) { try $0.nonNegativeReal() }
        try section.read("stress_weight", into: &stressWeight) { try $0.nonNegativeReal() }
        try section.readOptional("energy_weight_final", into: &energyWeightFinal) { try $0.real("a non-negative number or null") { $0 >= 0 } }
        try section.readOptional("force_weight_final", into: &forceWeightFinal) { try $0.real("a non-negative number or null") { $0 >= 0 } }
        try section.read("energy_loss", into: &energyLoss) { try $0.choice("energy_loss") }
        try section.read("config_type_weights", into: &configTypeWeights) { try Self.configTypeWeights($0) }
        try section.read("optimizer", into: &optimizer) { try $0.choice("optimizer") }
        try section.read("learning_rate", into: &learningRate) { try $0.positiveReal() }
        try section.readOptional("learning_rate_batch_atoms", into: &learningRateBatchAtoms) {
            try $0.positiveReal(orNull: true)
        }
        try section.read("weight_decay", into: &weightDecay) { try $0.nonNegativeReal() }
        if section.contains("schedule") {
            schedule = try ScheduleConfig(ConfigSection(member: "schedule", of: section, keys: ScheduleConfig.keys),
                                      epochs: epochs)
        }
        try section.readOptional("clip_gradient_norm", into: &clipGradientNorm) { try $0.positiveReal(orNull: true) }
        try section.readOptional("ema_decay", into: &emaDecay) {
            try $0.real("a number in (0, 1) or null") { $0 > 0 && $0 < 1 }
        }
        try section.readOptional("early_stopping_patience", into: &earlyStoppingPatience) {
            try $0.positiveInteger(orNull: true)
        }
        try section.read("parts", into: &parts) { try $0.positiveInteger() }
        try section.readOptional("threads", into: &threads) { try $0.positiveInteger(orNull: true) }
        try section.read("checkpoint_seconds", into: &checkpointSeconds) { try $0.positiveReal() }
        try section.read("committee", into: &committee) { try $0.positiveInteger() }

        if energyWeight == 0, forceWeight == 0, stressWeight == 0 {
            throw JSONFileError(file: section.field.file, field: section.field.path,
                                problem: "energy_weight, force_weight and stress_weight are all 0; "
                                    + "at least one must be positive")
        }
        if energyWeightFinal ?? energyWeight == 0, forceWeightFinal ?? forceWeight == 0, stressWeight == 0 {
            throw JSONFileError(file: section.field.file, field: section.field.path,
                                problem: "energy_weight_final, force_weight_final and stress_weight are all 0; "
                                    + "at least one must be positive (validation weighs the errors with them)")
        }
    }
}
