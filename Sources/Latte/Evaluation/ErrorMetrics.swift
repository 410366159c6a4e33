import Atomistic

/// Errors of predictions against reference labels (METHOD.md section 7): energy per atom,
/// (Ê − E)/N per structure, and force per Cartesian component. Structures without labels are
/// skipped. Values in eV/atom and eV/Å.
///
/// The running sums are public so that metrics gathered in parts (threads, an interrupted
/// epoch saved in a checkpoint) can be merged and restored exactly.
public struct ErrorMetrics: Equatable, Sendable {
    public var structureCount = 0
    public var atomCount = 0
    public var energyAbsolute = 0.0, energySquared = 0.0
    public var forceAbsolute = 0.0, forceSquared = 0.0, forceComponents = 0

    public init() {}

    /// Adds one structure's prediction; unlabelled parts are left out.
    public mutating func add(prediction: PotentialPrediction, reference: Structure) {
        add(energy: prediction.energy, forces: prediction.forces, reference: reference)
    }

    /// Adds one structure's predicted energy (eV) and forces (eV/Å, one per atom).
    public mutating func add(energy: Double, forces: some Collection<SIMD3<Double>>, reference: Structure) {
        if let target = reference.energy {
            let error = (energy - target) / Double(reference.atomCount)
            energyAbsolute += abs(error)
            energySquared += error * error
            structureCount += 1
            atomCount += reference.atomCount
        }
        if let targets = reference.forces {
            for (predicted, target) in zip(forces, targets) { addForce(predicted: predicted, reference: target) }
        }
    }

    /// Adds the sums of `other` (metrics of further structures).
    public mutating func merge(_ other: ErrorMetrics) {
        structureCount += other.structureCount
        atomCount += other.atomCount
        energyAbsolute += other.energyAbsolute
        energySquared += other.energySquared
        forceAbsolute += other.forceAbsolute
        forceSquared += other.forceSquared
        forceComponents += other.forceComponents
    }

    public var energyMAE: Double { structureCount == 0 ? .nan : energyAbsolute / Double(structureCount) }
    public var energyRMSE: Double { structureCount == 0 ? .nan : (energySquared / Double(structureCount)).squareRoot() }
    public var forceMAE: Double { forceComponents == 0 ? .nan : forceAbsolute / Double(forceComponents) }
    public var forceRMSE: Double { forceComponents == 0 ? .nan : (forceSquared / Double(forceComponents)).squareRoot() }
}

extension ErrorMetrics {
    /// Adds one atom's force error (three components).
    public mutating func addForce(predicted: SIMD3<Double>, reference: SIMD3<Double>) {
        let d = predicted - reference
        forceAbsolute += abs(d.x) + abs(d.y) + abs(d.z)
        forceSquared += (d * d).sum()
        forceComponents += 3
    }
}
