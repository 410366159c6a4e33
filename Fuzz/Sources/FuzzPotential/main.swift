import FuzzSupport
import Latte

/// The `potential.json` reader (`PotentialFile.decode`, what every tool and liblatte run on a
/// potential) on arbitrary bytes: it must return parameters or throw a one-line error.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? PotentialFile.decode(bytes(data, size), source: "fuzz.json")
    return 0
}

runFuzzer(testOneInput)
