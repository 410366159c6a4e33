import Foundation
import SystemSupport
import Testing

/// The library modules replaced Foundation APIs with SystemSupport's; messages must read as before.
struct ErrorTextTests {
    struct PlainError: Error {}
    enum CaseError: Error { case first, second }
    struct DescribedError: LocalizedError {
        var errorDescription: String? { "a description" }
    }
    struct ReasonedError: LocalizedError {
        var failureReason: String? { "a reason" }
    }

    @Test func cocoaAndPOSIXErrorsReadAsFoundationWritesThem() {
        for code in 0..<5000 {
            let error = CocoaError(CocoaError.Code(rawValue: code))
            #expect(ErrorText.of(error) == error.localizedDescription, "code \(code)")
        }
        for code in 1..<134 {
            guard let posixCode = POSIXError.Code(rawValue: Int32(code)) else { continue }  // gaps in errno
            let error = POSIXError(posixCode)
            #expect(ErrorText.of(error) == error.localizedDescription, "errno \(code)")
        }
    }

    @Test func otherErrorsReadAsFoundationWritesThem() {
        let errors: [any Error] = [
            PlainError(), CaseError.second, DescribedError(), ReasonedError(),
            CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: "/x", NSUnderlyingErrorKey: POSIXError(.ENOENT)]),
            CocoaError(.propertyListReadCorrupt),
        ]
        for error in errors { #expect(ErrorText.of(error) == error.localizedDescription) }
    }

    @Test func errorsOfRealFileOperations() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("errortext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let unreadable = folder.appendingPathComponent("unreadable")
        try Data("x".utf8).write(to: unreadable)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: unreadable.path)
        let attempts: [() throws -> Void] = [
            { _ = try Data(contentsOf: URL(fileURLWithPath: "/nonexistent/x.xyz"), options: .mappedIfSafe) },
            { _ = try Data(contentsOf: folder, options: .mappedIfSafe) },
            { _ = try Data(contentsOf: unreadable) },
            { try Data("x".utf8).write(to: URL(fileURLWithPath: "/nonexistent/y.xyz"), options: .atomic) },
            { try Data("x".utf8).write(to: folder) },
        ]
        var failures = 0
        for attempt in attempts {
            do { try attempt() } catch {
                failures += 1
                #expect(ErrorText.of(error) == error.localizedDescription)
            }
        }
        #expect(failures >= 4)  // the unreadable file is readable when the tests run as root
    }
}

struct CFormatTests {
    @Test func sameTextAsStringFormat() {
        let values: [Double] = [0, -0.0, 0.05, 0.0999, 0.09995, 1, 1.5, 2.675, 99.95, 999.5, 1234567, 1e-5, 1.2345e-5,
                                123.456, -0.000123456, 1e300, .pi, .infinity, -.infinity, .nan,
                                .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        for x in values {
            for format in ["%.3g", "%g", "%.17g", "%f", "%e", "%.300f"] {
                #expect(CFormat.string(format, x) == String(format: format, x), "\(format) of \(x)")
            }
        }
    }
}

struct LockTests {
    @Test func excludesOtherThreads() {
        final class Counter: @unchecked Sendable {
            let lock = Lock()
            var value = 0
        }
        let counter = Counter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<10_000 { counter.lock.withLock { counter.value += 1 } }
        }
        #expect(counter.value == 40_000)
    }
}
