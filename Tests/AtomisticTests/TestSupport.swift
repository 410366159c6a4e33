import Foundation
import Atomistic

/// The repository's `datasets/` folder, found from this file's location.
let datasets: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("datasets").path

func dataset(_ name: String) -> String { "\(datasets)/\(name)" }

/// FNV-1a (64-bit) over the little-endian bytes of the values, in order: one number that pins
/// every bit of every value. The expected hashes come from the same function in Python over the
/// arrays ASE reads (`numpy.ndarray.tobytes()`).
func fnv1a<T: FixedWidthInteger>(bitPatterns values: [T]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for value in values {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
    }
    return hash
}

func fnv1a(_ values: [Double]) -> UInt64 { fnv1a(bitPatterns: values.map(\.bitPattern)) }

func flat(_ vectors: [SIMD3<Double>]) -> [Double] { vectors.flatMap { [$0.x, $0.y, $0.z] } }

/// Reads extxyz text given inline (tests of the dialect and of bad input).
func readText(_ text: String, options: ExtXYZ.ReadOptions = .init()) throws -> [Structure] {
    try ExtXYZ.read(text: text, source: "test.xyz", options: options)
}

/// The description of the `InputError` thrown by `body`, or nil when nothing is thrown.
func inputErrorMessage(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as InputError {
        return error.description
    } catch {
        return "unexpected error type: \(error)"
    }
}

/// A temporary folder removed by the caller.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("atomistic-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
