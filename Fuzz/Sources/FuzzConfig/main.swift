import Foundation
import FuzzSupport
import Training

/// The training config reader (`TrainingConfig.decode`, what `latte-train CONFIG.json` runs
/// first) on arbitrary bytes, with paths resolved against the repository's `configs/` folder
/// so that the seeds' data files exist: it must return a config or throw a one-line error.
let configs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("configs").path

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    _ = try? TrainingConfig.decode(bytes(data, size), source: "fuzz.json", folder: configs)
    return 0
}

runFuzzer(testOneInput)
