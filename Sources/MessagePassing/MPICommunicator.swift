#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CMPI
import Training

/// Training's `Communicator` over MPI (MPICH): the ranks of `MPI_COMM_WORLD`.
///
/// MPI is started only when the process was launched by an MPI launcher (`mpiexec`, or a batch
/// system's PMI), which `world()` tells from the environment; a plain `latte-train` makes no MPI
/// call at all and runs as `SingleProcess`. Only the thread that started MPI calls it
/// (`MPI_THREAD_FUNNELED`): the worker threads of a rank compute, the rank's main thread talks.
/// MPI's errors are fatal (MPICH's default handler ends the job with its message).
public final class MPICommunicator: Communicator, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    public let sizeOnThisMachine: Int
    private var finished = false

    /// The communicator of this process: MPI's world when launched by an MPI launcher, else a
    /// single process.
    public static func world() -> Communicator {
        launchedByMPI ? MPICommunicator() : SingleProcess()
    }

    /// Whether an MPI launcher started this process: MPICH's Hydra (`mpiexec`) and PMI-2
    /// launchers such as Slurm's set `PMI_RANK` and `PMI_SIZE`; PMIx launchers set `PMIX_RANK`.
    public static var launchedByMPI: Bool {
        ["PMI_RANK", "PMI_SIZE", "PMIX_RANK"].contains { (name: String) in getenv(name) != nil }
    }

    private init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(MPI_COMM_WORLD, &rank)
        MPI_Comm_size(MPI_COMM_WORLD, &size)
        self.rank = Int(rank)
        self.size = Int(size)
        var local = MPI_Comm(0)
        MPI_Comm_split_type(MPI_COMM_WORLD, Int32(MPI_COMM_TYPE_SHARED), rank, MPI_INFO_NULL, &local)
        var localSize: Int32 = 1
        MPI_Comm_size(local, &localSize)
        MPI_Comm_free(&local)
        sizeOnThisMachine = Int(localSize)
    }

    public func allGather(_ values: [Double], counts: [Int]) -> [Double] {
        precondition(counts.count == size && counts[rank] == values.count,
                     "allGather: rank \(rank) passes \(values.count) values, counts say \(counts)")
        let total = counts.reduce(0, +)
        precondition(total <= Int(Int32.max), "allGather: \(total) values exceed MPI's 32-bit counts")
        let receiveCounts = counts.map { Int32($0) }
        var displacements = [Int32](repeating: 0, count: size)
        for r in 1..<max(size, 1) { displacements[r] = displacements[r - 1] + receiveCounts[r - 1] }
        var result = [Double](repeating: 0, count: total)
        values.withUnsafeBufferPointer { send in
            result.withUnsafeMutableBufferPointer { receive in
                _ = MPI_Allgatherv(send.baseAddress, Int32(values.count), MPI_DOUBLE,
                                   receive.baseAddress, receiveCounts, displacements, MPI_DOUBLE, MPI_COMM_WORLD)
            }
        }
        return result
    }

    public func broadcast(_ bytes: [UInt8]) -> [UInt8] {
        var length = Int64(rank == 0 ? bytes.count : 0)
        MPI_Bcast(&length, 1, MPI_INT64_T, 0, MPI_COMM_WORLD)
        precondition(length <= Int64(Int32.max), "broadcast: \(length) bytes exceed MPI's 32-bit counts")
        var buffer = rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(length))
        if length > 0 {
            buffer.withUnsafeMutableBufferPointer { data in
                _ = MPI_Bcast(data.baseAddress, Int32(length), MPI_BYTE, 0, MPI_COMM_WORLD)
            }
        }
        return buffer
    }

    /// The tag of the "my error line is out" messages of a failing job.
    private static let reportTag: Int32 = 7301

    /// After a failure, before exiting: the rank that printed the job's one error line tells
    /// every other rank it has done so, and a rank that stays silent (`PeerFailure`) waits for
    /// that word from the reporting rank. Without it a silent rank's exit could make the
    /// launcher kill the job before the reporting rank's line was written. The word is a small,
    /// eagerly sent message, so the reporter never waits (its failure may not have been agreed).
    public func handOffFailure(_ error: Error) {
        guard size > 1 else { return }
        var word: UInt8 = 1
        if let peer = error as? PeerFailure {
            var status = MPI_Status()
            _ = MPI_Recv(&word, 1, MPI_BYTE, Int32(peer.rank), Self.reportTag, MPI_COMM_WORLD, &status)
        } else {
            for other in 0..<size where other != rank {
                _ = MPI_Send(&word, 1, MPI_BYTE, Int32(other), Self.reportTag, MPI_COMM_WORLD)
            }
        }
    }

    /// Ends MPI (`MPI_Finalize`) after a successful run or an agreed stop. A failing rank exits
    /// without it: launchers end the other ranks of a job when one exits with an error.
    public func finish() {
        guard !finished else { return }
        finished = true
        MPI_Finalize()
    }
}
