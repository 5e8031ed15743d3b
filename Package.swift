// swift-tools-version: 6.0
import PackageDescription

// Numeric targets are compiled with optimisation even in debug builds: `swift test` builds debug,
// and unoptimised DSP over real 30-second clips would take minutes instead of seconds.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]
// The AVX2 build of the DSP kernels (x86-64 hosts only; elsewhere it is a plain optimised build
// that is never dispatched to).
#if arch(x86_64)
let haswell: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"])]
#else
let haswell: [SwiftSetting] = optimised
#endif

let package = Package(
    name: "genre",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GenreKit", targets: ["GenreKit"]),
        .executable(name: "genre", targets: ["genre"]),
    ],
    dependencies: [
        // The CLI: one subcommand per job, generated help.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 (model-file checksums, cache keys) and MD5 (FLAC's STREAMINFO check): Apple's
        // maintained, tested implementations (BoringSSL underneath on Linux) instead of our own.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // The system zlib (zlib1g-dev): DEFLATE and CRC-32 for PNG.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "AudioIO", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: optimised),
        // The inner DSP loops (running medians, filter-bank sums, masked spectra; always inlined)
        // and their AVX2 build: KernelsHaswell is compiled for Haswell-class CPUs and only called
        // after CPUFeatures confirms the CPU has AVX2 (the rest of the package stays baseline x86-64).
        .target(name: "Kernels", swiftSettings: optimised),
        .target(name: "KernelsHaswell", dependencies: ["Kernels"],
                swiftSettings: haswell),
        .target(name: "CPUFeatures"),
        .target(name: "Features", dependencies: ["Kernels", "KernelsHaswell", "CPUFeatures"],
                swiftSettings: optimised),
        .target(name: "Learning", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: optimised),
        .target(name: "Graphics", dependencies: ["CZlib"], swiftSettings: optimised),
        .target(
            name: "GenreKit",
            dependencies: ["AudioIO", "Features", "Learning", "Graphics"],
            resources: [.copy("Resources/default.genremodel"), .copy("Resources/novelty-profile.json"),
                        .copy("Resources/chain-transfer.json")],
            swiftSettings: optimised
        ),
        .executableTarget(
            name: "genre",
            dependencies: ["GenreKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Locating ../shared/gtzan for the tests of every module (skipped when absent).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "TestSupport"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "Kernels", "AudioIO", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "TestSupport"]),
        .testTarget(name: "GraphicsTests", dependencies: ["Graphics", "CZlib"]),
        .testTarget(name: "GenreKitTests", dependencies: ["GenreKit", "AudioIO", "Features", "Learning", "TestSupport"]),
    ]
)
