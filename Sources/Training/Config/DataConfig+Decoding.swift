import JSON

extension DataConfig {
    static let keys = ["train", "validation", "validation_fraction", "test", "train_limit", "test_limit",
                       "energy_key", "forces_key", "stress_key", "virial_key"]

    /// The `data` section with its paths as written; `ConfigPaths` resolves and checks them.
    init(_ section: ConfigSection) throws {
        self.init()
        guard let train = section.member("train") else {
            throw section.fail("train", "missing; the training structures (an extxyz file) are required")
        }
        self.train = try train.nonEmptyString("a file path")
        try section.readOptional("validation", into: &validation) { try $0.nonEmptyString("a file path or null") }
        try section.read("validation_fraction", into: &validationFraction) {
            try $0.real("a number in (0, 1)") { $0 > 0 && $0 < 1 }
        }
        try section.readOptional("test", into: &test) { try $0.nonEmptyString("a file path or null") }
        try section.readOptional("train_limit", into: &trainLimit) { try $0.positiveInteger(orNull: true) }
        try section.readOptional("test_limit", into: &testLimit) { try $0.positiveInteger(orNull: true) }
        try section.read("energy_key", into: &energyKey) { try $0.nonEmptyString("a property name") }
        try section.read("forces_key", into: &forcesKey) { try $0.nonEmptyString("a property name") }
        try section.read("stress_key", into: &stressKey) { try $0.nonEmptyString("a property name") }
        try section.read("virial_key", into: &virialKey) { try $0.nonEmptyString("a property name") }
    }
}
