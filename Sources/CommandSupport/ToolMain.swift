import ArgumentParser
import Foundation
import Linalg

extension ParsableCommand {
    /// The start of every Latte tool: the allocator and BLAS set up for numeric work, arguments
    /// parsed (usage errors and `--help` as ArgumentParser prints them), then `run()`, whose
    /// errors print as one line `TOOL: message` on standard error with exit status 1, never a
    /// crash trace (FORMATS.md section 4).
    public static func mainWithOneLineErrors(tool: String) -> Never {
        Allocator.keepFreedMemory()
        BLASThreads.useOne()
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch { exit(withError: error) }
        do {
            try command.run()
        } catch where !(command is Self) || error is ValidationError {
            exit(withError: error)
        } catch {
            FileHandle.standardError.write(Data("\(tool): \(error)\n".utf8))
            Foundation.exit(1)
        }
        Foundation.exit(0)
    }
}
