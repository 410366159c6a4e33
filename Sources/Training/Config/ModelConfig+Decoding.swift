import Atomistic
import JSON
import Latte

extension ModelConfig {
    static let keys = ["species", "cutoff", "descriptor", "widths", "learn_widths", "species_weights", "hidden",
                       "activation", "offsets", "init_from"]

    /// The `model` section, with every value and the widths against the cutoff checked.
    init(_ section: ConfigSection) throws {
        self.init()
        try section.read("species", into: &species, Self.species)
        try section.read("cutoff", into: &cutoff) { try $0.positiveReal() }
        try section.read("descriptor", into: &descriptor, Self.descriptor)
        try section.read("widths", into: &widths, Self.widths)
        try section.read("learn_widths", into: &learnWidths) { try $0.boolean() }
        try section.read("species_weights", into: &speciesWeights) { try $0.choice("species_weights mode") }
        try section.read("hidden", into: &hidden) { field in
            guard case .array = field.value else {
                throw field.fail("expected an array of positive integers (hidden layer sizes), found \(field.value.kindDescription)")
            }
            return try field.array().map { try $0.positiveInteger() }
        }
        try section.read("activation", into: &activation) { try $0.choice("activation") }
        try section.read("offsets", into: &offsets, Self.offsets)
        try section.readOptional("init_from", into: &initFrom) { try $0.nonEmptyString("a potential.json path or null") }
        if offsets == .keep, initFrom == nil {
            throw section.fail("offsets", "\"keep\" keeps the offsets of the potential model.init_from names, "
                               + "and there is none; use \"fit\" or give model.init_from")
        }
        try checkWidthsFitCutoff(section)
        try checkOffsetsCoverSpecies(section)
    }

    /// Element symbols, each once.
    private static func species(_ field: JSONField) throws -> [String] {
        guard case .array = field.value else {
            throw field.fail("expected an array of element symbols such as [\"H\", \"C\"], found \(field.value.kindDescription)")
        }
        var symbols: [String] = []
        for item in try field.array() {
            let symbol = try elementSymbol(item)
            if let first = symbols.firstIndex(of: symbol) {
                throw item.fail("'\(symbol)' is repeated (also \(field.path)[\(first)]); list each species once")
            }
            symbols.append(symbol)
        }
        return symbols
    }

    private static func elementSymbol(_ field: JSONField) throws -> String {
        let symbol = try field.nonEmptyString("an element symbol such as \"H\"")
        guard Element(symbol: symbol) != nil else {
            throw field.fail("'\(symbol)' is not an element symbol (symbols are spelt like H, He, Si)")
        }
        return symbol
    }

    /// A shape string that parses; kept in canonical form.
    private static func descriptor(_ field: JSONField) throws -> String {
        let text = try field.nonEmptyString("a descriptor shape string such as \"16,-:16,i,i\"")
        do {
            return try DescriptorShape(text).description
        } catch let error as DescriptorShapeError {
            throw field.fail(error.description)
        }
    }

    /// [w] or [w_min, w_max], positive, w_min ≤ w_max.
    private static func widths(_ field: JSONField) throws -> [Double] {
        guard case .array(let items) = field.value, (1...2).contains(items.count) else {
            throw field.fail("expected [w_min, w_max] or [w]: 1 or 2 positive numbers in Å, found \(field.value.kindDescription)")
        }
        let widths = try field.array().map { try $0.positiveReal() }
        if widths.count == 2, widths[0] > widths[1] {
            throw field.fail("w_min \(ConfigText.number(widths[0])) Å is above w_max \(ConfigText.number(widths[1])) Å; expected [w_min, w_max]")
        }
        return widths
    }

    /// "fit", "keep", or an object of per-species energies in eV keyed by element symbol.
    private static func offsets(_ field: JSONField) throws -> OffsetsConfig {
        let expected = "\"fit\", \"keep\" or an object of energies in eV such as {\"H\": -13.6}"
        switch field.value {
        case .string("fit"):
            return .fit
        case .string("keep"):
            return .keep
        case .string(let text):
            throw field.fail("expected \(expected), found '\(text)'")
        case .object(let members):
            guard !members.isEmpty else { throw field.fail("expected \(expected), found an empty object") }
            var energies: [String: Double] = [:]
            for member in members {
                let entry = try field.member(member.key)
                guard Element(symbol: member.key) != nil else {
                    throw entry.fail("'\(member.key)' is not an element symbol (symbols are spelt like H, He, Si)")
                }
                energies[member.key] = try entry.real("a number (eV)") { _ in true }
            }
            return .given(energies)
        default:
            throw field.fail("expected \(expected), found \(field.value.kindDescription)")
        }
    }

    /// 2·w_max ≤ R_c: a Gaussian channel wider than half the cutoff is cut off mid-shape.
    private func checkWidthsFitCutoff(_ section: ConfigSection) throws {
        let largest = widths[widths.count - 1]
        guard 2 * largest > cutoff else { return }
        let defaulted = section.contains("widths") ? "" : "; widths default to \(ConfigText.numbers(widths))"
        let (name, symbol) = widths.count == 2 ? ("the largest width", "w_max") : ("the width", "w")
        throw section.fail("widths", "\(name) \(ConfigText.number(largest)) Å is above half the cutoff "
                           + "\(ConfigText.number(cutoff)) Å (need 2·\(symbol) ≤ R_c)\(defaulted)")
    }

    /// With species listed, given offsets must include every one of them (extra elements, as in
    /// a shared table of reference energies, are allowed).
    private func checkOffsetsCoverSpecies(_ section: ConfigSection) throws {
        guard case .given(let energies) = offsets, !species.isEmpty else { return }
        let missing = species.filter { energies[$0] == nil }
        guard !missing.isEmpty else { return }
        throw section.fail("offsets", "no energy for \(NameSuggestion.list(missing)) of model.species; "
                           + "give one for every species, or use \"fit\"")
    }
}
