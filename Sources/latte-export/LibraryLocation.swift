import Foundation

/// Finds the liblatte shared library that a bundle ships.
enum LibraryLocation {
    /// `liblatte.so` (`liblatte.dylib` on macOS).
    static let fileName: String = {
        #if os(macOS)
        return "liblatte.dylib"
        #else
        return "liblatte.so"
        #endif
    }()

    /// `explicit` when given (it must exist), else the library beside this executable, where
    /// `swift build` puts both. Throws a one-line reason when there is none.
    static func find(explicit: String?) throws -> String {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw ExportError("\(explicit): no such library")
            }
            return explicit
        }
        let beside = executableFolder().appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: beside) else {
            throw ExportError("no \(fileName) beside latte-export (in \(executableFolder().path)); build it with "
                              + "`swift build -c release --product latte`, or name it with --library")
        }
        return beside
    }

    /// The folder of the running executable, symbolic links resolved.
    static func executableFolder() -> URL {
        #if os(Linux)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath()
        #endif
        return executable.deletingLastPathComponent()
    }
}

/// A reason the export stopped, printed as one line.
struct ExportError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
