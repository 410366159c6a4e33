import Latte
import Linalg

extension PannaLammpsExport {
    /// The relative slack allowed in c + w ≤ R_c: the projection puts a clipped centre at
    /// R_c − w, and c + w can then exceed R_c by a rounding; a channel that overshoots by this
    /// little is ~1e-25 of its size at R_c.
    static let cutoffSlack = 1e-9

    /// Throws the first reason, in this order, why `parameters` cannot be exported exactly:
    /// inconsistency, common species weights, a non-gaussian activation applied by a hidden
    /// layer, species architectures that differ, a channel reaching past the cutoff, a species
    /// symbol panna.in cannot carry, a number float32 cannot hold. Returns when the export is
    /// exact up to float32 rounding.
    ///
    /// A network without hidden layers applies no activation, so its activation is not checked.
    public static func check(_ parameters: PotentialParameters) throws {
        do { try parameters.checkConsistency() } catch let error as PotentialParametersError {
            throw PannaLammpsExportError.inconsistentParameters(error.description)
        }
        guard parameters.speciesWeightMode == .specific else { throw PannaLammpsExportError.commonSpeciesWeights }
        let first = parameters.networks[0]
        if parameters.activation != .gaussian && first.layers.count > 1 {
            throw PannaLammpsExportError.activation(parameters.activation)
        }
        for (s, network) in parameters.networks.enumerated() where network.layerSizes != first.layerSizes {
            throw PannaLammpsExportError.differentArchitectures(
                species: parameters.species[0], sizes: first.layerSizes,
                otherSpecies: parameters.species[s], otherSizes: network.layerSizes)
        }
        try checkSupports(parameters)
        for symbol in parameters.species where !symbol.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) {
            throw PannaLammpsExportError.unsuitableSpeciesSymbol(symbol)
        }
        try checkFloat32(parameters)
    }

    private static func checkSupports(_ parameters: PotentialParameters) throws {
        let limit = parameters.cutoff * (1 + cutoffSlack)
        for (t, term) in parameters.terms.enumerated() {
            for k in term.centers.storage.indices {
                let reach = term.centers.storage[k] + term.widths.storage[k]
                guard reach <= limit else {
                    let (row, col) = k.quotientAndRemainder(dividingBy: term.centers.cols)
                    throw PannaLammpsExportError.supportBeyondCutoff(
                        field: "descriptor.terms[\(t)].centers[\(row)][\(col)]", reach: reach, cutoff: parameters.cutoff)
                }
            }
        }
    }

    private static func checkFloat32(_ parameters: PotentialParameters) throws {
        /// Every value (plus `shift`) must round to a finite float32, and to a positive one when
        /// `positive`; `path(row, column)` names a failing value.
        func check(_ matrix: Matrix, positive: Bool = false, shift: Double = 0,
                   path: (Int, Int) -> String) throws {
            for (k, raw) in matrix.storage.enumerated() {
                let value = raw + shift
                let rounded = Float(value)
                guard rounded.isFinite && (!positive || rounded > 0) else {
                    throw PannaLammpsExportError.notFloat32(field: path(k / matrix.cols, k % matrix.cols), value: value)
                }
            }
        }
        let speciesCount = parameters.species.count
        for (t, term) in parameters.terms.enumerated() {
            let field = "descriptor.terms[\(t)]"
            try check(term.speciesWeights) { "\(field).weights[\($0 / speciesCount)][\($0 % speciesCount)][\($1)]" }
            try check(term.centers, positive: true) { "\(field).centers[\($0)][\($1)]" }
            try check(term.widths, positive: true) { "\(field).widths[\($0)][\($1)]" }
        }
        for (s, network) in parameters.networks.enumerated() {
            let field = "networks.species.\(parameters.species[s])"
            for (l, layer) in network.layers.enumerated() {
                let isLast = l == network.layers.count - 1
                try check(layer.weight) { "\(field).layers[\(l)].weight[\($0)][\($1)]" }
                try check(layer.bias, shift: isLast ? network.offset : 0) {
                    "\(field).layers[\(l)].bias[\($1)]" + (isLast ? " + offset" : "")
                }
            }
        }
    }
}
