#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The status codes of the C API (`LATTE_OK` ... in `include/latte.h`; keep the two in step).
enum LatteStatus: Int32 {
    case ok = 0
    /// A NULL pointer where one is required, a negative atom count, a non-finite position or
    /// cell entry, a periodic axis without a cell, a degenerate cell, an index out of range.
    case invalidArgument = 1
    /// The potential file is missing, unreadable or not a valid `potential.json`.
    case file = 2
    /// An atom's atomic number or species index is not one of the potential's species.
    case unknownSpecies = 3
    /// The result is not finite (for example two atoms at the same position).
    case numeric = 4
    /// Anything else (a bug): the message says what.
    case `internal` = 5
}

/// A failure to report through the C API: a status and a one-line message.
struct LatteFailure: Error {
    let status: LatteStatus
    let message: String

    init(_ status: LatteStatus, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// The message of the most recent failure on the calling thread (`latte_last_error`).
///
/// Each thread owns one heap copy of its message (pthread thread-specific data, freed when the
/// thread exits), so threads never see each other's messages and no lock is needed.
enum LastError {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { free($0) }
        precondition(status == 0, "latte: cannot create the thread-local error slot")
        return key
    }()

    /// Replaces this thread's message with `message`.
    static func set(_ message: String) {
        free(pthread_getspecific(key))
        _ = pthread_setspecific(key, strdup(message))
    }

    /// This thread's message, or an empty string when nothing has failed on it.
    static var message: UnsafePointer<CChar> {
        if let stored = pthread_getspecific(key) {
            return UnsafePointer(stored.assumingMemoryBound(to: CChar.self))
        }
        let empty: StaticString = ""
        return UnsafeRawPointer(empty.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Runs `body`, turning a thrown failure into its status (and this thread's message).
    static func reporting(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return LatteStatus.ok.rawValue
        } catch let failure as LatteFailure {
            set(failure.message)
            return failure.status.rawValue
        } catch {
            set("\(error)")
            return LatteStatus.internal.rawValue
        }
    }
}
