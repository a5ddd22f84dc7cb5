import Foundation
import Subprocess
import SystemPackage
import Testing

/// A second package that depends on this one by path applies IPCGenPlugin to its own `.ipcdef` files, builds, and
/// uses the generated types; a broken definition fails its build with a compiler-style diagnostic.
@Suite("Plugin in a dependent package", .serialized)
struct PluginPackageTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Copies the fixture into a temporary folder, pointing its dependency at this repository.
    static func makeFixture() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zcipc-plugin-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(
            at: repositoryRoot.appendingPathComponent("Tests/PluginFixture"), to: folder)
        let manifest = folder.appendingPathComponent("Package.swift")
        let text = try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(of: "path: \"../..\"", with: "path: \"\(repositoryRoot.path)\"")
        try text.write(to: manifest, atomically: true, encoding: .utf8)
        return folder
    }

    static func swiftBuild(_ package: URL, scratch: URL, product: Bool = false) async throws -> (Bool, String) {
        var arguments = ["build", "--package-path", package.path, "--scratch-path", scratch.path]
        if product { arguments += ["--product", "PluginFixture"] }
        let result = try await run(
            .name("swift"), arguments: Arguments(arguments), output: .string(limit: 8 << 20),
            error: .string(limit: 8 << 20))
        return (result.terminationStatus.isSuccess, result.standardOutput + result.standardError)
    }

    @Test(.timeLimit(.minutes(20)))
    func dependentPackageBuildsAndUsesGeneratedTypes() async throws {
        let fixture = try Self.makeFixture()
        let scratch = fixture.appendingPathComponent(".build")
        defer { try? FileManager.default.removeItem(at: fixture) }

        // `--product`: only what the fixture needs (plain `swift build` also builds every executable product of every
        // dependency, `ipcgen` with its libclang-based C interop among them).
        let (built, log) = try await Self.swiftBuild(fixture, scratch: scratch, product: true)
        try #require(built, "swift build failed:\n\(log.suffix(4000))")
        let binary = try await run(
            .path(FilePath(scratch.appendingPathComponent("debug/PluginFixture").path)), output: .string(limit: 1 << 20))
        let output = binary.standardOutput
        #expect(output.contains("greeting: Fixture_Greeting(text: \"hello\", count: 3, weights: [1.0, 2.0, 3.0])"))
        #expect(output.contains("note: Fixture_Sub_Note(level: high, value: -5)"))
        #expect(output.contains("sizes: 64 16"))  // string<32> is 48 bytes, u16 at 48, [f32; 3] at 52
        #expect(output.contains("layouts: ok"))
        // The plugin's generator (ipcgen-swift) leaves the libclang-based C interop out: building a target that
        // applies the plugin needs no libclang-dev.
        // (Plugin tools are built for the host with a `-tool` suffix.)
        for product in ["CClang.build", "CClang-tool.build", "ipcgen", "ipcgen-tool"] {
            let built = FileManager.default.fileExists(atPath: scratch.appendingPathComponent("debug/\(product)").path)
            #expect(!built, "\(product) was built for the plugin")
        }
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("debug/ipcgen-swift-tool").path))

        // A broken definition is an ordinary build error at its source position.
        let definition = fixture.appendingPathComponent("Sources/PluginFixture/sub/Messages.ipcdef")
        let broken = try String(contentsOf: definition, encoding: .utf8).replacingOccurrences(of: "value: i64", with: "value: i65")
        try broken.write(to: definition, atomically: true, encoding: .utf8)
        let (rebuilt, errors) = try await Self.swiftBuild(fixture, scratch: scratch, product: true)
        #expect(!rebuilt)
        #expect(errors.contains("Sources/PluginFixture/sub/Messages.ipcdef:11:12: error: unknown type 'i65'; did you mean 'i64'?"),
                "\(errors.suffix(3000))")
    }
}
