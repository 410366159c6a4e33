import Testing
import Atomistic
@Test func smoke() throws {
    let s = try ExtXYZ.read(path: "datasets/silicon/train.xyz")
    #expect(s.count == 214)
}
