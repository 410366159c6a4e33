import Foundation
import FuzzSupport
import PannaData

/// The PANNA example reader (`PannaJSON.read(data:)`, one file of a PANNA data folder) on
/// arbitrary bytes: it must return a structure or throw an `InputError`.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? PannaJSON.read(data: Data(bytes(data, size)), source: "fuzz.example")
    return 0
}

runFuzzer(testOneInput)
