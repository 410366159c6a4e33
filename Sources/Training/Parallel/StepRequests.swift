/// What a rank asks of every rank after the current optimiser step, sent with the step's
/// gather (`gatherParts`) so that all ranks act on the same requests after the same batch,
/// whatever each rank's clock or signals say. The requests of all ranks are combined (union).
public struct StepRequests: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Save a checkpoint and stop (Ctrl-C).
    public static let stop = StepRequests(rawValue: 1)
    /// Save a checkpoint and go on (`training.checkpoint_seconds` have passed since the last).
    public static let checkpoint = StepRequests(rawValue: 2)
}
