import ArgumentParser
import Foundation
import Linalg

extension ParsableCommand {
    /// The start of every Latte tool: `SIGXFSZ` ignored, the allocator and BLAS set up for numeric work, arguments
    /// parsed (usage errors and `--help` as ArgumentParser prints them), then `run()`, whose
    /// errors print as one line `TOOL: message` on standard error with exit status 1, never a
    /// crash trace (FORMATS.md section 4).
    ///
    /// For the ranks of an MPI job other than rank 0, `printsUsage` false keeps usage errors and
    /// help quiet (rank 0 prints them), and errors `isSilent` accepts (another rank reported the
    /// failure) exit with status 1 and no message, so that a job prints one line; `atFailure`
    /// runs after the line is written, before the exit.
    public static func mainWithOneLineErrors(tool: String, printsUsage: Bool = true,
                                             isSilent: (Error) -> Bool = { _ in false },
                                             atSuccess: () -> Void = {},
                                             atFailure: (Error) -> Void = { _ in }) -> Never {
        // A write beyond the file-size limit (ulimit -f) then fails with an error naming the
        // file, instead of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        Allocator.keepFreedMemory()
        BLASThreads.useOne()
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { usageExit(error, printed: printsUsage) }
        do {
            try command.run()
        } catch where !(command is Self) || error is ValidationError {
            usageExit(error, printed: printsUsage)
        } catch {
            if !isSilent(error) { FileHandle.standardError.write(Data("\(tool): \(error)\n".utf8)) }
            atFailure(error)
            Foundation.exit(1)
        }
        atSuccess()
        Foundation.exit(0)
    }

    private static func usageExit(_ error: Error, printed: Bool) -> Never {
        if printed { exit(withError: error) }
        Foundation.exit(exitCode(for: error).rawValue)
    }
}
