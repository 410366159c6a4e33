// swift-tools-version:6.0
import Foundation
import PackageDescription

/// libFuzzer targets over Latte's readers (scripts/fuzz.sh builds and runs them with
/// `-sanitize=fuzzer,address`). A package of its own, so that plain `swift build` and
/// `swift test` of the repository never build them. The repository is a path dependency, whose
/// package identity is its folder's name.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

func target(_ name: String, _ products: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + products.map { .product(name: $0, package: root) })
}

let package = Package(
    name: "LatteFuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        target("FuzzExtXYZ", ["Atomistic"]),
        target("FuzzConfig", ["Training"]),
        target("FuzzPotential", ["Latte"]),
        target("FuzzPanna", ["PannaData"]),
    ]
)
