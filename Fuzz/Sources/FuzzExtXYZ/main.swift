import Atomistic
import Foundation
import FuzzSupport

/// The extended XYZ reader on arbitrary bytes, as files reach it (`ExtXYZ.read(data:)`), with
/// and without required labels: it must return frames or throw an `InputError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = Data(bytes(data, size))
    _ = try? ExtXYZ.read(data: input, source: "fuzz.xyz")
    _ = try? ExtXYZ.read(data: input, source: "fuzz.xyz", options: .init(requireLabels: true))
    return 0
}

runFuzzer(testOneInput)
