// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "keysweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keysweep", targets: ["keysweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),

        // The matcher's byte loops (AVX-512 where the CPU has it), optimised in debug builds too.
        .target(name: "CKeysweepScan", cSettings: [.unsafeFlags(["-O2"])]),
        .target(name: "KeysweepCore"),
        .target(name: "KeysweepPCRE", dependencies: ["KeysweepCore", "CPCRE2"]),
        .target(name: "KeysweepGit", dependencies: ["KeysweepCore", "CGit2"]),
        .target(name: "KeysweepRules", dependencies: ["KeysweepCore", "TOMLKit"]),
        // The matcher's per-blob state lives in classes (one per worker), and every access to their
        // stored properties cost a dynamic exclusivity check: a fifth of the fixed cost per blob.
        // Release builds leave them out there; debug builds, which the tests run, keep them.
        .target(name: "KeysweepMatch", dependencies: ["KeysweepCore", "KeysweepRules", "KeysweepPCRE", "CKeysweepScan"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .target(name: "KeysweepSources", dependencies: ["KeysweepCore", "KeysweepGit"]),
        .target(name: "KeysweepAWS", dependencies: [
            "KeysweepCore", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "KeysweepScan", dependencies: ["KeysweepCore", "KeysweepMatch", "KeysweepAWS"]),
        .target(name: "KeysweepRegistry", dependencies: [
            "KeysweepCore", "KeysweepAWS", .product(name: "GRDB", package: "GRDB.swift"), "TOMLKit",
        ]),
        .target(name: "KeysweepAdvice", dependencies: ["KeysweepCore", "KeysweepAWS", "KeysweepRegistry"]),
        .target(name: "KeysweepReport", dependencies: ["KeysweepCore"]),
        .target(name: "KeysweepSweep", dependencies: [
            "KeysweepCore", "KeysweepScan", "KeysweepSources", "KeysweepGit", "KeysweepMatch",
            "KeysweepRules", .product(name: "GRDB", package: "GRDB.swift"), "TOMLKit",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "keysweep", dependencies: [
            "KeysweepCore", "KeysweepRules", "KeysweepMatch", "KeysweepSources", "KeysweepScan",
            "KeysweepAWS", "KeysweepRegistry", "KeysweepAdvice", "KeysweepReport", "KeysweepGit",
            "KeysweepSweep",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "KeysweepTestSupport", path: "Tests/KeysweepTestSupport"),
        .testTarget(name: "KeysweepCoreTests", dependencies: ["KeysweepCore", "KeysweepAWS"]),
        .testTarget(name: "KeysweepAWSTests", dependencies: ["KeysweepCore", "KeysweepAWS", "KeysweepTestSupport"]),
        .testTarget(name: "KeysweepRegistryTests", dependencies: [
            "KeysweepCore", "KeysweepAWS", "KeysweepRegistry", "KeysweepTestSupport",
        ]),
        .testTarget(name: "KeysweepAdviceTests", dependencies: [
            "KeysweepCore", "KeysweepAWS", "KeysweepRegistry", "KeysweepAdvice", "KeysweepTestSupport",
        ]),
        .testTarget(name: "KeysweepScanTests", dependencies: [
            "KeysweepCore", "KeysweepRules", "KeysweepMatch", "KeysweepScan", "KeysweepSources",
            "KeysweepGit", "KeysweepTestSupport", "CKeysweepScan",
        ]),
        .testTarget(name: "KeysweepRulesTests", dependencies: [
            "KeysweepCore", "KeysweepRules", "KeysweepMatch", "KeysweepPCRE", "KeysweepTestSupport", "CKeysweepScan",
        ]),
        .testTarget(name: "KeysweepSweepTests", dependencies: [
            "KeysweepCore", "KeysweepSweep", "KeysweepTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "KeysweepCLITests", dependencies: ["KeysweepCore", "KeysweepReport", "KeysweepTestSupport"]),
        .testTarget(name: "KeysweepReportTests", dependencies: ["KeysweepReport", "KeysweepCore", "KeysweepTestSupport"],
                    exclude: ["Golden", "Schemas"]),
        .testTarget(name: "KeysweepHookTests", dependencies: ["KeysweepTestSupport"]),
        .testTarget(name: "KeysweepAccuracyTests", dependencies: ["KeysweepTestSupport"]),
    ]
)
