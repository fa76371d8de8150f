// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "flowd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "flowd", targets: ["flowd"]),
        .executable(name: "flowctl", targets: ["flowctl"]),
        .executable(name: "flowd-mail", targets: ["flowd-mail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "CWALWrites", dependencies: ["CSQLite"]),
        .target(name: "CSQLiteSetup", dependencies: ["CSQLite"]),
        .target(name: "CSystemCalls"),
        .target(
            name: "FlowCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "FlowStore",
            dependencies: ["CSQLite", "CSQLiteSetup", "CWALWrites", "FlowCore"],
            swiftSettings: strict
        ),
        .target(
            name: "FlowAPI",
            dependencies: ["FlowCore"],
            swiftSettings: strict
        ),
        .target(
            name: "FlowConfig",
            dependencies: ["FlowCore", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        .target(
            name: "FlowRender",
            dependencies: ["FlowCore"],
            swiftSettings: strict
        ),
        .target(
            name: "FlowMail",
            dependencies: ["FlowCore", "FlowRender"],
            swiftSettings: strict
        ),
        .target(
            name: "FlowProcess",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FlowDaemon",
            dependencies: [
                "CSystemCalls", "FlowCore", "FlowStore", "FlowAPI", "FlowConfig", "FlowRender", "FlowProcess",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "flowd",
            dependencies: [
                "CSystemCalls", "FlowDaemon", "FlowCore", "FlowConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // bench/instructions only: the daemon behind a synchronous main, which valgrind can run.
        .executableTarget(
            name: "flowd-callgrind",
            dependencies: ["FlowDaemon", "FlowConfig", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "flowd-mail",
            dependencies: [
                "FlowMail", "FlowProcess",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "flowctl",
            dependencies: [
                "FlowAPI", "FlowCore", "FlowRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "FlowFuzzing",
            dependencies: ["FlowCore", "FlowAPI", "FlowConfig", "FlowDaemon", "FlowMail", "FlowRender"],
            swiftSettings: strict),
        .testTarget(
            name: "FlowConfigTests", dependencies: ["FlowConfig", "FlowCore", "FlowRender"], swiftSettings: strict),
        .testTarget(
            name: "FlowCoreTests", dependencies: ["FlowCore", "FlowRender"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(name: "FlowRenderTests", dependencies: ["FlowRender", "FlowCore"], swiftSettings: strict),
        .testTarget(
            name: "FlowMailTests", dependencies: ["FlowMail", "FlowCore", "FlowRender"], swiftSettings: strict),
        // flowctl's rendering (tables, the report's columns, its CSV), tested without a daemon.
        .testTarget(
            name: "FlowctlTests", dependencies: ["flowctl", "FlowAPI", "FlowCore", "FlowRender"], swiftSettings: strict),
        .testTarget(name: "FlowAPITests", dependencies: ["FlowAPI", "FlowCore"], swiftSettings: strict),
        .testTarget(name: "FlowFuzzingTests", dependencies: ["FlowFuzzing", "FlowRender"], swiftSettings: strict),
        .testTarget(
            name: "FlowStoreTests", dependencies: ["FlowStore", "FlowCore", "FlowRender", "CSQLite", "CWALWrites"],
            swiftSettings: strict),
        .testTarget(
            name: "FlowDaemonTests",
            dependencies: [
                "FlowDaemon", "FlowAPI", "FlowConfig", "FlowCore", "FlowRender", "FlowStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FlowAPI", "FlowCore"],
            swiftSettings: strict
        ),
    ]
)

// libFuzzer executables, only when scripts/fuzz builds them (FLOWD_FUZZ=1, with --sanitize=fuzzer): libFuzzer
// supplies main, so they are compiled as libraries and would not link in an ordinary build.
if Context.environment["FLOWD_FUZZ"] == "1" {
    for name in [
        "signatures", "bodies", "config", "limits", "templates", "page", "mail", "slack", "terminal", "media",
    ] {
        package.targets.append(
            .executableTarget(
                name: "fuzz-\(name)", dependencies: ["FlowFuzzing"], path: "fuzz/Sources/fuzz-\(name)",
                swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]))
    }
}
