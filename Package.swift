// swift-tools-version: 6.0
import PackageDescription

// Numeric targets are compiled with optimisation even in debug builds: `swift test` builds debug,
// and unoptimised DSP over real 30-second clips would take minutes instead of seconds.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "genre",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GenreKit", targets: ["GenreKit"]),
        .executable(name: "genre", targets: ["genre"]),
    ],
    dependencies: [
        // The CLI: one subcommand per job, generated help. The only third-party dependency.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .target(name: "AudioIO", swiftSettings: optimised),
        .target(name: "Features", swiftSettings: optimised),
        .target(name: "Learning", swiftSettings: optimised),
        .target(name: "Graphics", swiftSettings: optimised),
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
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "AudioIO", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "TestSupport"]),
        .testTarget(name: "GraphicsTests", dependencies: ["Graphics"]),
        .testTarget(name: "GenreKitTests", dependencies: ["GenreKit", "AudioIO", "Features", "Learning", "TestSupport"],
                    resources: [.copy("Fixtures")]),
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
            name: name, dependencies: ["FuzzSupport", "AudioIO", "Learning", "GenreKit"],
            path: "Fuzz/\(name.dropFirst(5))"))
    }
}
