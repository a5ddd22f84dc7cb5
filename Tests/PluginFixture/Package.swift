// swift-tools-version: 6.2
// A package of a user's own that applies IPCGenPlugin, as a newcomer would. PluginTests builds a copy of it.
import PackageDescription

let package = Package(
    name: "PluginFixture",
    dependencies: [.package(name: "ZeroCopyIPC", path: "../..")],
    targets: [
        .executableTarget(
            name: "PluginFixture",
            dependencies: [.product(name: "ZeroCopyIPC", package: "ZeroCopyIPC")],
            plugins: [.plugin(name: "IPCGenPlugin", package: "ZeroCopyIPC")]
        ),
        // The README tour, as a newcomer pastes it (PluginTests fills in the README's files).
        .target(
            name: "MyPayloads",
            dependencies: [.product(name: "ZeroCopyIPC", package: "ZeroCopyIPC")],
            plugins: [.plugin(name: "IPCGenPlugin", package: "ZeroCopyIPC")]
        ),
        .executableTarget(
            name: "MyApp",
            dependencies: ["MyPayloads", .product(name: "ZeroCopyIPC", package: "ZeroCopyIPC")]
        ),
    ]
)
