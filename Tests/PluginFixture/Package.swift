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
    ]
)
