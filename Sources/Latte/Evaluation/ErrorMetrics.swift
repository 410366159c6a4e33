import Atomistic

/// Errors of predictions against reference labels (METHOD.md section 7): energy per atom,
/// (Ê − E)/N per structure, and force per Cartesian component. Structures without labels are
/// skipped. Values in eV/atom and eV/Å.
public struct ErrorMetrics: Sendable {
    public private(set) var structureCount = 0
    public private(set) var atomCount = 0
    private var energyAbsolute = 0.0, energySquared = 0.0
    private var forceAbsolute = 0.0, forceSquared = 0.0, forceComponents = 0

    public init() {}

    /// Adds one structure's prediction; unlabelled parts are left out.
    public mutating func add(prediction: PotentialPrediction, reference: Structure) {
        if let energy = reference.energy {
            let error = (prediction.energy - energy) / Double(reference.atomCount)
            energyAbsolute += abs(error)
            energySquared += error * error
            structureCount += 1
            atomCount += reference.atomCount
        }
        if let forces = reference.forces {
            for (predicted, target) in zip(prediction.forces, forces) {
                let d = predicted - target
                forceAbsolute += abs(d.x) + abs(d.y) + abs(d.z)
                forceSquared += (d * d).sum()
            }
            forceComponents += 3 * forces.count
        }
    }

    public var energyMAE: Double { structureCount == 0 ? .nan : energyAbsolute / Double(structureCount) }
    public var energyRMSE: Double { structureCount == 0 ? .nan : (energySquared / Double(structureCount)).squareRoot() }
    public var forceMAE: Double { forceComponents == 0 ? .nan : forceAbsolute / Double(forceComponents) }
    public var forceRMSE: Double { forceComponents == 0 ? .nan : (forceSquared / Double(forceComponents)).squareRoot() }
}
