// swift-tools-version:6.0
import PackageDescription

import Foundation

/// Release builds: exclusivity checks off in the numeric loops, generic hot paths specialised
/// across modules (measured to matter; see shared/docs/DESIGN.md "Speed"). On x86-64 the code
/// is generated for AVX2 and FMA (x86-64-v3, named `haswell` by the compiler): vector loops are
/// twice as wide as baseline SSE2 and fused multiply-adds become single instructions. Set
/// LATTE_PORTABLE=1 when building for an older processor. The AVX2 builds refuse such a
/// processor when an executable starts or liblatte is loaded, with one line instead of an
/// illegal-instruction crash (Sources/CPUCheck: every module compiled with `fast` depends on it).
var fastFlags = ["-enforce-exclusivity=unchecked", "-cross-module-optimization"]
var cpuCheck: [CSetting] = []
#if arch(x86_64)
if ProcessInfo.processInfo.environment["LATTE_PORTABLE"] == nil {
    fastFlags += ["-target-cpu", "haswell"]
    cpuCheck = [.define("LATTE_REQUIRES_AVX2", .when(configuration: .release))]
}
#endif
let fast: [SwiftSetting] = [.unsafeFlags(fastFlags, .when(configuration: .release))]

/// liblatte.so carries its own Swift runtime and FoundationEssentials (static archives;
/// `-static-stdlib` alone links only the core runtime, and the archives FoundationEssentials
/// needs must be named), refuses undefined symbols at link time, and exports only the
/// `latte_*` functions (Sources/LatteC/README.md). Its modules import no Foundation beyond
/// FoundationEssentials, so neither Foundation nor ICU is linked.
let selfContainedLibrary: [LinkerSetting] = [
    .unsafeFlags(["-static-stdlib", "-Xlinker", "--no-undefined", "-Xlinker", "--strip-all",
                  "-Xlinker", "--start-group",
                  "-lFoundationEssentials", "-l_FoundationCollections", "-l_FoundationCShims", "-lswiftSynchronization",
                  "-Xlinker", "--end-group",
                  "-Xlinker", "--version-script=\(Context.packageDirectory)/Sources/LatteC/latte.map"],
                 .when(platforms: [.linux])),
]

let package = Package(
    name: "Latte",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Linalg", targets: ["Linalg"]),
        .library(name: "Autodiff", targets: ["Autodiff"]),
        .library(name: "Atomistic", targets: ["Atomistic"]),
        .library(name: "PannaData", targets: ["PannaData"]),
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "Latte", targets: ["Latte"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Plots", targets: ["Plots"]),
        .library(name: "Export", targets: ["Export"]),
        /// liblatte.so: the C API of include/latte.h, with the Swift runtime linked in.
        .library(name: "latte", type: .dynamic, targets: ["LatteC"]),
        .executable(name: "latte-bench", targets: ["latte-bench"]),
        .executable(name: "latte-eval", targets: ["latte-eval"]),
        .executable(name: "latte-export", targets: ["latte-export"]),
        .executable(name: "latte-train", targets: ["latte-train"]),
        .executable(name: "latte-plot", targets: ["latte-plot"]),
        .executable(name: "latte-select", targets: ["latte-select"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(name: "CLinearAlgebra"),
        /// glibc's allocator tuning (`mallopt`, malloc.h), for Linalg's `Allocator`.
        .systemLibrary(name: "CAllocator"),
        /// MPICH's C API (Debian's libmpich-dev; its header folder comes from pkg-config's mpich.pc).
        .systemLibrary(name: "CMPI", pkgConfig: "mpich", providers: [.apt(["libmpich-dev", "pkg-config"])]),
        /// What the library modules took from Foundation beyond FoundationEssentials: a lock,
        /// printf formatting, Foundation's error texts (liblatte links no ICU; LatteC/README.md).
        .target(name: "SystemSupport", dependencies: ["CPUCheck"], swiftSettings: fast),
        /// A load-time constructor that stops AVX2 builds on older processors with one line.
        /// Compiled without AVX flags; the modules at the bottom of every `fast` module's
        /// dependencies (SystemSupport, Linalg, Plots) depend on it, so every product links it.
        .target(name: "CPUCheck", cSettings: cpuCheck),
        .target(name: "Linalg", dependencies: ["CLinearAlgebra", "CAllocator", "CPUCheck"], swiftSettings: fast),
        .target(name: "Autodiff", dependencies: ["Linalg"], swiftSettings: fast),
        .target(name: "Atomistic", dependencies: ["SystemSupport"], swiftSettings: fast),
        /// PANNA's per-structure JSON files and folders of them, read with our JSON parser; the
        /// folder listing uses Foundation, so this stays out of Atomistic and liblatte.
        .target(name: "PannaData", dependencies: ["Atomistic", "JSON"]),
        .target(name: "JSON", dependencies: ["SystemSupport"], swiftSettings: fast),
        .target(name: "Plots", dependencies: ["CPUCheck"], swiftSettings: fast),
        .target(name: "CommandSupport",
                dependencies: ["Linalg", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(name: "Latte", dependencies: ["Linalg", "Autodiff", "Atomistic", "JSON", "SystemSupport"], swiftSettings: fast),
        .target(name: "Training", dependencies: ["Linalg", "Autodiff", "Atomistic", "JSON", "Latte", "Plots",
                                                "SystemSupport", "PannaData"],
                swiftSettings: fast),
        .target(name: "Export", dependencies: ["Latte", "Linalg", "JSON"], swiftSettings: fast),
        /// Training's `Communicator` over MPI, for `mpiexec -n K latte-train` (FORMATS.md section 6).
        /// Only latte-train links it (and so libmpich); the Training library knows no MPI.
        .target(name: "MessagePassing", dependencies: ["CMPI", "Training"], swiftSettings: fast),
        /// The C API. Not a dependency of any other target: it is linked only into liblatte,
        /// whose Swift runtime is static (see LatteC/README.md).
        .target(name: "LatteC", dependencies: ["Latte", "Atomistic"], exclude: ["include", "README.md", "latte.map"],
                swiftSettings: fast, linkerSettings: selfContainedLibrary),
        .executableTarget(
            name: "latte-bench",
            dependencies: [
                "Linalg", "Autodiff", "Atomistic", "Latte", "Training", "CommandSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fast),
        .executableTarget(
            name: "latte-eval",
            dependencies: ["Atomistic", "Latte", "Linalg", "JSON", "CommandSupport", "Plots", "Training", "PannaData",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: fast),
        .executableTarget(
            name: "latte-select",
            dependencies: ["Atomistic", "Latte", "CommandSupport", "Training", "PannaData",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: fast),
        /// The LAMMPS plugin's sources (LammpsPlugin/) are compiled into latte-export, which
        /// writes them into a bundle and builds them against the user's LAMMPS.
        .executableTarget(
            name: "latte-export",
            dependencies: ["Latte", "Training", "Export", "CommandSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            resources: ["CMakeLists.txt", "lammpsplugin.h", "latteplugin.cpp", "pair_latte.h", "pair_latte.cpp"]
                .map { .embedInCode("LammpsPlugin/\($0)") }
                // Links to the C header, the ASE calculator and the C example, copied into bundles.
                + ["latte.h", "latte_ase.py", "latte_energy.c"].map { .embedInCode("BundleFiles/\($0)") }),
        .executableTarget(
            name: "latte-train",
            dependencies: ["Training", "Latte", "Linalg", "CommandSupport", "MessagePassing", "SystemSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: fast),
        .executableTarget(
            name: "latte-plot",
            dependencies: ["Plots", "Training", "JSON", "CommandSupport",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "LinalgTests", dependencies: ["Linalg"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "Linalg"]),
        /// Finite-difference gradient checks shared by AutodiffTests and LatteTests.
        .target(name: "GradientCheck", dependencies: ["Autodiff", "Linalg"], path: "Tests/GradientCheck"),
        .testTarget(name: "AutodiffTests", dependencies: ["Autodiff", "GradientCheck"]),
        .testTarget(name: "AtomisticTests", dependencies: ["Atomistic", "PannaData", "Linalg"]),
        .testTarget(name: "SystemSupportTests", dependencies: ["SystemSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Atomistic", "Latte", "CommandSupport", "latte-eval", "latte-export", "latte-train", "latte-plot", "latte-select", "Export", "JSON",
                                                          "CPUCheck"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Latte", "Autodiff", "Atomistic", "Linalg", "JSON"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Latte", "Linalg", "Atomistic"]),
        .testTarget(name: "LatteTests", dependencies: ["Latte", "Autodiff", "Atomistic", "Linalg", "GradientCheck"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
