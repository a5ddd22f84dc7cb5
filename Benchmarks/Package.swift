// swift-tools-version: 6.2
// The ZeroCopyIPC benchmarks: a separate package so that the main package's users never resolve ordo-one/benchmark.
//
//   swift build -c release --scratch-path .build-bench            # zcipc-bench and the harness benchmarks
//   scripts/run-all.sh                                             # everything, with the baselines and the table
//   swift package --scratch-path .build-bench benchmark            # the ordo-one harness (allocations, latency)
//   scripts/smoke.sh                                               # each benchmark once, for the test suite
import PackageDescription

/// One set of Swift settings for every target, as in the main package: Swift 6 language mode.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "ZeroCopyIPCBenchmarks",
    platforms: [.macOS(.v26)],
    dependencies: [
        .package(name: "ZeroCopyIPC", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // The harness's own malloc counter, used directly by zcipc-bench to count both processes' allocations.
        .package(url: "https://github.com/ordo-one/malloc-interposer.git", from: "1.6.1"),
    ],
    targets: [
        // MARK: - Shared by every measurement
        .target(name: "CBenchShim"),
        .target(name: "BenchSupport", dependencies: ["CBenchShim"], swiftSettings: swiftSettings),

        // MARK: - ZeroCopyIPC measurements (payload types generated from Definitions/BenchPayloads.ipcdef)
        .target(
            name: "BenchPayloads",
            dependencies: [.product(name: "ZeroCopyIPC", package: "ZeroCopyIPC")],
            path: "Definitions",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "IPCGenPlugin", package: "ZeroCopyIPC")]
        ),
        .target(
            name: "ZeroCopyBench",
            dependencies: [
                "BenchSupport", "BenchPayloads",
                .product(name: "ZeroCopyIPC", package: "ZeroCopyIPC"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Our side of the results table (run by scripts/run-all.sh, same method as Native/)
        .executableTarget(
            name: "zcipc-bench",
            dependencies: ["BenchSupport", "ZeroCopyBench"],
            swiftSettings: swiftSettings
        ),

        // MARK: - ordo-one/benchmark harness (`swift package benchmark`): latency and malloc counts
        .executableTarget(
            name: "RoundTripBenchmarks",
            dependencies: ["BenchSupport", "ZeroCopyBench", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/RoundTrip",
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
