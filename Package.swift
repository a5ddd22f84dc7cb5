// swift-tools-version: 6.2
import PackageDescription

/// One set of Swift settings for every target: Swift 6 language mode, strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "ZeroCopyIPC",
    platforms: [.macOS(.v26)],
    products: [
        .library(name: "ZeroCopyIPC", targets: ["ZeroCopyIPC"]),
        // The C API (include/zerocopyipc.h): libZeroCopyIPCC.so for C, C++ and Python processes.
        .library(name: "ZeroCopyIPCC", type: .dynamic, targets: ["ZeroCopyIPCC"]),
        .executable(name: "ipcgen", targets: ["ipcgen"]),
        .executable(name: "zcipc", targets: ["zcipc"]),
        .plugin(name: "IPCGenPlugin", targets: ["IPCGenPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // MARK: - Runtime (CShim → IPCPlatform → IPCConcepts → ZeroCopyIPC)
        .target(name: "CShim"),
        .target(
            name: "IPCPlatform",
            dependencies: ["CShim", .product(name: "SystemPackage", package: "swift-system")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IPCConcepts",
            dependencies: ["IPCPlatform"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ZeroCopyIPC",
            dependencies: [
                "IPCConcepts", "IPCPlatform",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // `Lifetimes`: the payload views (`Span`, `MutableSpan`) borrow the message they come from, so that they
            // cannot outlive it; the standard library's own span properties are declared the same way.
            swiftSettings: swiftSettings + [.enableExperimentalFeature("Lifetimes")]
        ),

        // MARK: - C API (the header is CZeroCopyIPC's; the functions are Swift, exported with @c)
        .target(name: "CZeroCopyIPC"),
        .target(name: "ZeroCopyIPCC", dependencies: ["ZeroCopyIPC", "CZeroCopyIPC"], swiftSettings: swiftSettings),

        // MARK: - Tools on top of the public API (zcipc)
        .target(name: "ZeroCopyIPCTools", dependencies: ["ZeroCopyIPC"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "zcipc",
            dependencies: [
                "ZeroCopyIPC", "ZeroCopyIPCTools", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZcipcTests",
            dependencies: [
                "zcipc", "zerocopy-test-helper", "ZeroCopyIPC", "ZeroCopyIPCTools", "IPCPlatform", "Definitions",
                "ProcessCapture", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Gateway between hosts over Eclipse Cyclone DDS (the only targets that link DDS)
        // Found through pkg-config (CycloneDDS), as the gateway issue asks, so that a Cyclone installed elsewhere is
        // found too. Its cflags carry -DDDS_NDEBUG, which SwiftPM drops with a "prohibited flag" warning; shim.h and
        // the shim's cSettings define it themselves, so the headers match the prebuilt release library either way.
        .systemLibrary(
            name: "CCycloneDDS", path: "Sources/CCycloneDDS", pkgConfig: "CycloneDDS",
            providers: [.apt(["cyclonedds-dev"])]),
        .target(
            name: "CCycloneDDSShim", dependencies: ["CCycloneDDS"], path: "Sources/CCycloneDDSShim",
            cSettings: [.define("DDS_NDEBUG")]),
        .target(name: "ZeroCopyIPCGateway", dependencies: ["ZeroCopyIPC"], swiftSettings: swiftSettings),
        .target(
            name: "ZeroCopyIPCGatewayCyclone",
            dependencies: [
                "ZeroCopyIPCGateway", "CCycloneDDS", "CCycloneDDSShim", .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "zcipc-gateway",
            dependencies: [
                "ZeroCopyIPC", "ZeroCopyIPCGateway", "ZeroCopyIPCGatewayCyclone",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "gateway-test-peer", dependencies: ["ZeroCopyIPC"], path: "Tests/Helpers/gateway-test-peer",
            swiftSettings: swiftSettings),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "ZeroCopyIPC", "ZeroCopyIPCGateway", "ZeroCopyIPCGatewayCyclone", "IPCPlatform", "Definitions",
                "zcipc-gateway", "gateway-test-peer",
                "request_response_server", "request_response_client", "request_response_dyn_server",
                "request_response_dyn_client", "publish_subscribe_publisher", "publish_subscribe_subscriber",
                "ProcessCapture", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Runtime tests, test helpers and examples
        .target(name: "CMallocCounter", path: "Tests/Helpers/CMallocCounter"),
        .executableTarget(
            name: "zerocopy-test-helper",
            dependencies: ["ZeroCopyIPC", "CMallocCounter", "Definitions"],
            path: "Tests/Helpers/zerocopy-test-helper",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ZeroCopyIPCTests",
            dependencies: [
                "ZeroCopyIPC", "IPCPlatform", "IPCConcepts", "zerocopy-test-helper", "Definitions",
                "request_response_server", "request_response_client",
                "ProcessCapture", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Examples (request_response, fixed-size payloads)
        .executableTarget(
            name: "request_response_server",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/request_response_server",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "request_response_client",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/request_response_client",
            swiftSettings: swiftSettings
        ),

        // MARK: - Examples (dynamic slices)
        .executableTarget(
            name: "request_response_dyn_server",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/request_response_dyn_server",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "request_response_dyn_client",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/request_response_dyn_client",
            swiftSettings: swiftSettings
        ),

        // MARK: - Examples (publish_subscribe: fixed-size, dynamic slices, user header)
        .executableTarget(
            name: "publish_subscribe_publisher",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/publish_subscribe_publisher",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "publish_subscribe_subscriber",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/publish_subscribe_subscriber",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "publish_subscribe_dyn_publisher",
            dependencies: ["ZeroCopyIPC"],
            path: "Examples/publish_subscribe_dyn_publisher",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "publish_subscribe_dyn_subscriber",
            dependencies: ["ZeroCopyIPC"],
            path: "Examples/publish_subscribe_dyn_subscriber",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "publish_subscribe_with_user_header",
            dependencies: ["ZeroCopyIPC"],
            path: "Examples/publish_subscribe_with_user_header",
            swiftSettings: swiftSettings
        ),

        // MARK: - Examples (events and the WaitSet)
        .executableTarget(
            name: "event_notifier",
            dependencies: ["ZeroCopyIPC"],
            path: "Examples/event_notifier",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "event_listener",
            dependencies: ["ZeroCopyIPC"],
            path: "Examples/event_listener",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "waitset",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/waitset",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "request_response_waitset_client",
            dependencies: ["ZeroCopyIPC", "Definitions"],
            path: "Examples/request_response_waitset_client",
            swiftSettings: swiftSettings
        ),

        .testTarget(
            name: "ExamplesTests",
            dependencies: [
                "ZeroCopyIPC", "request_response_dyn_server", "request_response_dyn_client",
                "publish_subscribe_publisher", "publish_subscribe_subscriber", "publish_subscribe_dyn_publisher",
                "publish_subscribe_dyn_subscriber", "publish_subscribe_with_user_header",
                "event_notifier", "event_listener", "waitset", "request_response_waitset_client",
                "request_response_server", "request_response_client",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Generator (IPCDefinition → IPCCodeGen → IPCGenCommands → ipcgen, ipcgen-swift → IPCGenPlugin)
        .target(name: "IPCDefinition", swiftSettings: swiftSettings),
        .target(name: "IPCCodeGen", dependencies: ["IPCDefinition"], swiftSettings: swiftSettings),
        .target(
            name: "IPCGenCommands",
            dependencies: [
                "IPCDefinition", "IPCCodeGen", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "CClang", linkerSettings: [.linkedLibrary("clang-14")]),
        .target(
            name: "IPCHeaderCheck", dependencies: ["IPCDefinition", "IPCCodeGen", "CClang"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "ipcgen",
            dependencies: [
                "IPCDefinition", "IPCCodeGen", "IPCGenCommands", "IPCHeaderCheck",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The plugin's generator: `ipcgen swift` without the C interop, so that it does not link libclang.
        .executableTarget(
            name: "ipcgen-swift",
            dependencies: ["IPCGenCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .plugin(name: "IPCGenPlugin", capability: .buildTool(), dependencies: ["ipcgen-swift"]),

        // MARK: - Definitions used by the examples and tests, compiled through the plugin
        .target(
            name: "Definitions",
            dependencies: ["ZeroCopyIPC"],
            path: "Definitions",
            swiftSettings: swiftSettings,
            plugins: ["IPCGenPlugin"]
        ),

        // MARK: - Generator tests
        .target(name: "IPCTestSupport", path: "Tests/Support/IPCTestSupport", swiftSettings: swiftSettings),
        .target(
            name: "ProcessCapture",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/Support/ProcessCapture",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LayoutCorpus",
            dependencies: ["ZeroCopyIPC"],
            path: "Tests/LayoutCorpus",
            swiftSettings: swiftSettings,
            plugins: ["IPCGenPlugin"]
        ),
        .target(
            name: "GoldenDefinitions",
            dependencies: ["ZeroCopyIPC"],
            path: "Tests/Goldens",
            exclude: ["Features.swift.golden", "Imported.swift.golden", "Python", "Cpp"],
            swiftSettings: swiftSettings,
            plugins: ["IPCGenPlugin"]
        ),
        .testTarget(
            name: "IPCDefinitionTests",
            dependencies: ["IPCDefinition", "IPCTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IPCCodeGenTests",
            dependencies: [
                "IPCCodeGen", "IPCDefinition", "IPCTestSupport", "ZeroCopyIPC", "Definitions", "LayoutCorpus",
                "GoldenDefinitions", "ProcessCapture",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IPCGenCLITests",
            dependencies: [
                "ipcgen",
                "ProcessCapture", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BenchmarkSmokeTests",
            dependencies: [
                "ProcessCapture", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - C API tests (C peers compiled with gcc against zerocopyipc.h and libZeroCopyIPCC.so)
        .testTarget(
            name: "CAPITests",
            dependencies: [
                "ZeroCopyIPC", "IPCPlatform", "IPCCodeGen", "IPCDefinition", "zerocopy-test-helper",
                "request_response_server", "request_response_client", "publish_subscribe_publisher",
                "ProcessCapture", .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["Peer"],
            swiftSettings: swiftSettings
        ),

        // MARK: - C interop tests
        .testTarget(
            name: "IPCHeaderCheckTests",
            dependencies: [
                "IPCHeaderCheck", "IPCCodeGen", "IPCDefinition", "Definitions", "ZeroCopyIPC", "ProcessCapture",
            ],
            exclude: ["Goldens", "Fixtures"],
            swiftSettings: swiftSettings
        ),
    ]
)
