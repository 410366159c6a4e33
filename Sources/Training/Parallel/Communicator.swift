/// The processes (ranks) of one training run and the two collective operations training needs
/// (FORMATS.md section 6). `SingleProcess` is the run without MPI; `MessagePassing`'s
/// `MPICommunicator` is the one `mpiexec -n K latte-train` uses.
///
/// Every rank must make the same collective calls in the same order with the same `counts`.
/// Nothing here sums across ranks: results are gathered whole and added in a fixed order by the
/// caller, so that they are bit-identical for any number of ranks.
public protocol Communicator: AnyObject, Sendable {
    /// This process's rank, 0..<size.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }
    /// The ranks running on this machine (the default thread count divides the cores among them).
    var sizeOnThisMachine: Int { get }
    /// Every rank's `values`, concatenated in rank order, on every rank. `counts[r]` is rank r's
    /// number of values; every rank passes the same `counts`.
    func allGather(_ values: [Double], counts: [Int]) -> [Double]
    /// Rank 0's `bytes` on every rank (the other ranks' `bytes` are ignored).
    func broadcast(_ bytes: [UInt8]) -> [UInt8]
}

/// The run of a single process: every collective is the identity.
public final class SingleProcess: Communicator {
    public init() {}
    public var rank: Int { 0 }
    public var size: Int { 1 }
    public var sizeOnThisMachine: Int { 1 }
    public func allGather(_ values: [Double], counts: [Int]) -> [Double] { values }
    public func broadcast(_ bytes: [UInt8]) -> [UInt8] { bytes }
}

/// Another rank failed and reported it; this rank stops without a message of its own, so a
/// failure prints one line whatever the number of ranks.
public struct PeerFailure: Error, CustomStringConvertible {
    public let rank: Int
    public var description: String { "rank \(rank) failed" }
}

extension Communicator {
    /// Which parts of the work this rank computes.
    public var shard: Shard { Shard(rank: rank, ranks: size) }

    /// Whether this rank writes the run folder and prints.
    public var isLeader: Bool { rank == 0 }

    /// Runs `body` on every rank and agrees on the outcome: if it throws on any rank, it throws
    /// on all of them, the lowest failing rank its own error and the others `PeerFailure`. For
    /// work that can fail on some ranks only (reading files, rank 0's writes); `body` must not
    /// make collective calls of its own.
    public func collectively<T>(_ body: () throws -> T) throws -> T {
        let result = Result(catching: body)
        guard size > 1 else { return try result.get() }
        let failed: Double
        switch result {
        case .success: failed = 0
        case .failure: failed = 1
        }
        let flags = allGather([failed], counts: Array(repeating: 1, count: size))
        guard let first = flags.firstIndex(of: 1), first != rank else { return try result.get() }
        throw PeerFailure(rank: first)
    }

    /// Rank 0's bytes on every rank, where rank 0 obtains them with `read` (which may fail:
    /// then every rank throws, rank 0 the error and the others `PeerFailure`).
    public func leaderBytes(_ read: () throws -> [UInt8]) throws -> [UInt8] {
        let mine = try collectively { isLeader ? try read() : [] }
        return broadcast(mine)
    }

    /// For an error that every rank meets at the same point with the same cause (a diverged
    /// step, computed from the same gathered numbers): rank 0 reports it, the others stop silently.
    public func sharedFailure(_ error: Error) -> Error {
        isLeader ? error : PeerFailure(rank: 0)
    }
}

/// Which parts of a batch and which chunks of an evaluation a rank computes: part (or chunk) p
/// belongs to rank p mod `ranks`. The data a rank prepares is that of its parts and chunks only.
public struct Shard: Equatable, Sendable {
    public let rank: Int
    public let ranks: Int

    public init(rank: Int, ranks: Int) {
        precondition(ranks >= 1 && (0..<ranks).contains(rank), "Shard: rank \(rank) of \(ranks)")
        self.rank = rank
        self.ranks = ranks
    }

    /// The whole data on one process.
    public static let whole = Shard(rank: 0, ranks: 1)

    /// The rank computing part (or chunk) `part`.
    public func owner(of part: Int) -> Int { part % ranks }

    public func holds(_ part: Int) -> Bool { owner(of: part) == rank }
}
