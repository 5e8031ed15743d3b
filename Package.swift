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
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "GenreKit", targets: ["GenreKit"]),
        .library(name: "Catalog", targets: ["Catalog"]),
        .library(name: "WebApp", targets: ["WebApp"]),
        .executable(name: "genre", targets: ["genre"]),
    ],
    dependencies: [
        // The CLI: one subcommand per job, generated help.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 (model-file checksums, cache keys) and MD5 (FLAC's STREAMINFO check): Apple's
        // maintained, tested implementations (BoringSSL underneath on Linux) instead of our own.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // The catalogue: SQLite (the system library) with migrations, WAL and typed rows. GRDB is
        // small (about 36 s of CPU in a clean debug build) and has no dependencies of its own.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The web app's HTTP server: the Swift Server Work Group's framework on SwiftNIO (HTTP/1.1
        // parsing, streaming file bodies, graceful shutdown). The largest dependency: about 150 s of
        // CPU in a clean debug build (SwiftNIO, swift-collections, swift-log, service-lifecycle).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The system zlib (zlib1g-dev): DEFLATE and CRC-32 for PNG, DEFLATE for model files.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "ZlibCodec", dependencies: ["CZlib"]),
        .target(name: "AudioIO", dependencies: ["Kernels", "KernelsHaswell", "CPUFeatures",
                                                .product(name: "Crypto", package: "swift-crypto")],
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
        .target(name: "Learning", dependencies: ["ZlibCodec", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: optimised),
        .target(name: "Graphics", dependencies: ["ZlibCodec"], swiftSettings: optimised),
        .target(
            name: "GenreKit",
            dependencies: ["AudioIO", "Features", "Learning", "Graphics"],
            resources: [.copy("Resources/default.genremodel"), .copy("Resources/novelty-profile.json"),
                        .copy("Resources/chain-transfer.json")],
            swiftSettings: optimised
        ),
        // A collection's recordings and results in SQLite: incremental, resumable indexing.
        .target(name: "Catalog", dependencies: ["GenreKit", "Features", "Learning", .product(name: "GRDB", package: "GRDB.swift")]),
        // The local web app over a catalogue: pages, JSON API, audio with Range support.
        .target(name: "WebApp", dependencies: ["Catalog", "GenreKit", "Graphics", "Learning",
                                               .product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(
            name: "genre",
            dependencies: ["GenreKit", "Catalog", "WebApp", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Locating ../shared/gtzan for the tests of every module (skipped when absent), generated
        // collections, and the genre executable as a child process.
        .target(name: "TestSupport", dependencies: ["AudioIO", "Learning"], path: "Tests/TestSupport"),
        .testTarget(name: "AudioIOTests", dependencies: ["AudioIO", "TestSupport"]),
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "Kernels", "KernelsHaswell", "AudioIO", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "ZlibCodec", "TestSupport"]),
        .testTarget(name: "GraphicsTests", dependencies: ["Graphics", "ZlibCodec", "CZlib"]),
        // `genre` is a dependency so that the end-to-end tests can run it as a child process.
        .testTarget(name: "GenreKitTests", dependencies: ["GenreKit", "AudioIO", "Features", "Learning", "TestSupport", "genre"],
                    resources: [.copy("Fixtures")]),
        // `genre` is a dependency so that the tests can run it as a child process (and kill it).
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "GenreKit", "AudioIO", "Features", "Learning", "TestSupport", "genre",
                                                         .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "WebAppTests", dependencies: ["WebApp", "Catalog", "GenreKit", "Graphics", "Learning", "AudioIO", "TestSupport", "genre"]),
    ]
)

// Fuzz targets (scripts/fuzz.sh builds them with GENRE_FUZZ=1 into .build-fuzz, with libFuzzer and
// AddressSanitizer). Without the variable they are not part of the package, so `swift build`,
// `swift test` and CI's normal build never compile fuzz-only code.
if Context.environment["GENRE_FUZZ"] == "1" {
    let fuzzTargets = ["fuzz-wav", "fuzz-aiff", "fuzz-au", "fuzz-flac", "fuzz-metadata", "fuzz-model", "fuzz-csv"]
    package.targets.append(.target(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"))
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["AudioIO", "CLibFuzzer"], path: "Fuzz/FuzzSupport"))
    for name in fuzzTargets {
        package.targets.append(.executableTarget(
            name: name, dependencies: ["FuzzSupport", "AudioIO", "Learning", "GenreKit", "ZlibCodec"],
            path: "Fuzz/\(name.dropFirst(5))"))
    }
}
