// swift-tools-version: 6.0
import PackageDescription

// Numeric targets are compiled with optimisation even in debug builds: `swift test` builds debug,
// and unoptimised DSP over real 30-second clips would take minutes instead of seconds.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"])]

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
        // The catalogue: SQLite (the system library) with migrations, WAL and typed rows. GRDB is
        // small (about 36 s of CPU in a clean debug build) and has no dependencies of its own.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The web app's HTTP server: the Swift Server Work Group's framework on SwiftNIO (HTTP/1.1
        // parsing, streaming file bodies, graceful shutdown). The largest dependency: about 150 s of
        // CPU in a clean debug build (SwiftNIO, swift-collections, swift-log, service-lifecycle).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(name: "AudioIO", swiftSettings: optimised),
        .target(name: "Features", swiftSettings: optimised),
        .target(name: "Learning", swiftSettings: optimised),
        .target(name: "Graphics", swiftSettings: optimised),
        .target(
            name: "GenreKit",
            dependencies: ["AudioIO", "Features", "Learning", "Graphics"],
            resources: [.copy("Resources/default.genremodel")],
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
        .testTarget(name: "FeaturesTests", dependencies: ["Features", "AudioIO", "TestSupport"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning", "TestSupport"]),
        .testTarget(name: "GraphicsTests", dependencies: ["Graphics"]),
        .testTarget(name: "GenreKitTests", dependencies: ["GenreKit", "AudioIO", "Features", "Learning", "TestSupport"]),
        // `genre` is a dependency so that the tests can run it as a child process (and kill it).
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "GenreKit", "AudioIO", "Features", "Learning", "TestSupport", "genre",
                                                         .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "WebAppTests", dependencies: ["WebApp", "Catalog", "GenreKit", "Graphics", "Learning", "AudioIO", "TestSupport", "genre"]),
    ]
)
