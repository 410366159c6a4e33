import JSON

extension ScheduleConfig {
    static let keys = ["type", "decay_rate", "decay_steps", "decay_epochs", "stages", "factor", "patience",
                       "threshold", "min_learning_rate", "warmup_steps", "warmup_epochs"]

    /// The keys each schedule type reads (`type` and `warmup_steps` apply to all). A key of
    /// another type is refused rather than ignored: `stages` without `"type": "piecewise"`
    /// would otherwise silently train with a constant rate.
    static func keys(of kind: ScheduleKind) -> [String] {
        switch kind {
        case .constant: return []
        case .exponential: return ["decay_rate", "decay_steps", "decay_epochs"]
        case .piecewise: return ["stages"]
        case .plateau: return ["factor", "patience", "threshold", "min_learning_rate"]
        case .cosine: return ["decay_epochs", "min_learning_rate"]
        }
    }

    /// `training.schedule` of a run of `epochs` epochs (a cosine spans them unless
    /// `decay_epochs` is given).
    init(_ section: ConfigSection, epochs: Int) throws {
        self.init()
        try section.read("type", into: &kind) { try $0.choice("schedule type") }
        try Self.refuseKeysOutside(Self.keys(of: kind), kind: kind, in: section)
        try Self.refuseBoth("decay_steps", "decay_epochs", in: section)
        try Self.refuseBoth("warmup_steps", "warmup_epochs", in: section)
        try section.read("decay_rate", into: &decayRate) { try $0.positiveReal() }
        try section.read("decay_steps", into: &decaySteps) { try $0.positiveInteger() }
        try section.readOptional("decay_epochs", into: &decayEpochs) {
            try $0.real("a positive number of epochs") { $0 > 0 }
        }
        if kind == .cosine, decayEpochs == nil { decayEpochs = Double(epochs) }
        try section.read("stages", into: &stages, Self.stages)
        try section.read("factor", into: &factor) { try $0.real("a number in (0, 1)") { $0 > 0 && $0 < 1 } }
        try section.read("patience", into: &patience) { try $0.positiveInteger() }
        try section.read("threshold", into: &threshold) { try $0.nonNegativeReal() }
        try section.read("min_learning_rate", into: &minimumLearningRate) { try $0.nonNegativeReal() }
        try section.read("warmup_steps", into: &warmupSteps) { try $0.integer("a non-negative integer", in: 0...Int.max) }
        try section.readOptional("warmup_epochs", into: &warmupEpochs) {
            try $0.real("a non-negative number of epochs") { $0 >= 0 }
        }
        if kind == .piecewise, stages.isEmpty {
            throw section.fail("stages", "a piecewise schedule needs at least one stage, e.g. "
                               + "[{\"steps\": 1000, \"learning_rate\": 0.01}, {\"learning_rate\": 0.001}]")
        }
    }

    /// Refuses keys of `section` that belong to another schedule type than `kind`.
    static func refuseKeysOutside(_ used: [String], kind: ScheduleKind, in section: ConfigSection,
                                  typeOwner: String = "type") throws {
        let shared = ["type", "warmup_steps", "warmup_epochs", "steps", "learning_rate"]
        for key in keys where !used.contains(key) && !shared.contains(key) && section.contains(key) {
            let owners = ScheduleKind.allCases.filter { Self.keys(of: $0).contains(key) }.map { "'\($0.rawValue)'" }
            throw section.fail(key, "used only by the \(owners.joined(separator: " and ")) schedule\(owners.count > 1 ? "s" : ""), "
                               + "but \(typeOwner) is '\(kind.rawValue)'; remove it or change type")
        }
    }

    /// Two keys that say the same in other units: at most one may be given.
    private static func refuseBoth(_ first: String, _ second: String, in section: ConfigSection) throws {
        guard section.contains(first), section.contains(second) else { return }
        throw section.fail(second, "give either \(first) or \(second), not both")
    }

    /// A non-empty array of stages; every stage but the last needs `steps`.
    private static func stages(_ field: JSONField) throws -> [ScheduleStage] {
        guard case .array(let items) = field.value, !items.isEmpty else {
            throw field.fail("expected a non-empty array of stage objects, found \(field.value.kindDescription)")
        }
        let fields = try field.array()
        return try fields.enumerated().map { index, item in
            try ScheduleStage(ConfigSection(item, keys: ScheduleStage.keys), isLast: index == fields.count - 1)
        }
    }
}

extension ScheduleStage {
    static let keys = ["steps", "type", "learning_rate", "decay_rate", "decay_steps"]

    /// One stage: constant or exponential, with its own initial rate.
    init(_ section: ConfigSection, isLast: Bool) throws {
        self.init()
        try section.readOptional("steps", into: &steps) { try $0.positiveInteger(orNull: true) }
        if steps == nil, !isLast {
            throw section.fail("steps", "missing; every stage but the last needs the number of optimiser steps it lasts")
        }
        try section.read("type", into: &kind) { try $0.choice("stage type", among: [ScheduleKind.constant, .exponential]) }
        try ScheduleConfig.refuseKeysOutside(ScheduleConfig.keys(of: kind), kind: kind, in: section,
                                             typeOwner: "the stage's type")
        guard let rate = section.member("learning_rate") else {
            throw section.fail("learning_rate", "missing; every stage needs its initial learning rate")
        }
        learningRate = try rate.positiveReal()
        try section.read("decay_rate", into: &decayRate) { try $0.positiveReal() }
        try section.read("decay_steps", into: &decaySteps) { try $0.positiveInteger() }
    }
}
