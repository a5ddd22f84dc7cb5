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

    static func swiftBuild(_ package: URL, scratch: URL, product: String? = nil) async throws -> (Bool, String) {
        var arguments = ["build", "--package-path", package.path, "--scratch-path", scratch.path]
        if let product { arguments += ["--product", product] }
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
        let (built, log) = try await Self.swiftBuild(fixture, scratch: scratch, product: "PluginFixture")
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

        // The README tour compiles as pasted: its .ipcdef (with the Geometry.ipcdef it imports) in a library target
        // whose only Swift file is the README's Exports.swift, and its Swift snippet as an executable's main.swift.
        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let tour = Self.codeBlocks(in: readme)
        let tourDefinition = try #require(tour.first { $0.language == "ipcdef" }, "no ipcdef block in README").text
        let exports = try #require(tour.first { $0.text.hasPrefix("// Sources/MyPayloads/Exports.swift\n") }).text
        let snippet = try #require(tour.first { $0.text.hasPrefix("// Sources/MyApp/main.swift\n") }).text
        let payloads = fixture.appendingPathComponent("Sources/MyPayloads")
        try tourDefinition.write(
            to: payloads.appendingPathComponent("Sensor.ipcdef"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: Self.repositoryRoot.appendingPathComponent("Definitions/Geometry.ipcdef"),
            to: payloads.appendingPathComponent("Geometry.ipcdef"))
        try exports.write(to: payloads.appendingPathComponent("Exports.swift"), atomically: true, encoding: .utf8)
        try snippet.write(
            to: fixture.appendingPathComponent("Sources/MyApp/main.swift"), atomically: true, encoding: .utf8)
        let (tourBuilt, tourLog) = try await Self.swiftBuild(fixture, scratch: scratch, product: "MyApp")
        try #require(tourBuilt, "the README tour does not compile:\n\(tourLog.suffix(4000))")
        let tourRun = try await run(
            .path(FilePath(scratch.appendingPathComponent("debug/MyApp").path)), output: .string(limit: 1 << 20))
        #expect(tourRun.standardOutput.contains("Sensors_Reading(id: 7, status: running,"), "\(tourRun.standardOutput)")

        // A broken definition is an ordinary build error at its source position.
        let definition = fixture.appendingPathComponent("Sources/PluginFixture/sub/Messages.ipcdef")
        let broken = try String(contentsOf: definition, encoding: .utf8).replacingOccurrences(of: "value: i64", with: "value: i65")
        try broken.write(to: definition, atomically: true, encoding: .utf8)
        let (rebuilt, errors) = try await Self.swiftBuild(fixture, scratch: scratch, product: "PluginFixture")
        #expect(!rebuilt)
        #expect(errors.contains("Sources/PluginFixture/sub/Messages.ipcdef:11:12: error: unknown type 'i65'; did you mean 'i64'?"),
                "\(errors.suffix(3000))")
    }

    /// The fenced code blocks of a Markdown text: the language after the opening fence, and the lines inside.
    static func codeBlocks(in markdown: String) -> [(language: String, text: String)] {
        var blocks: [(language: String, text: String)] = []
        var current: (language: String, lines: [Substring])?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let open = current {
                    blocks.append((open.language, open.lines.joined(separator: "\n") + "\n"))
                    current = nil
                } else {
                    current = (String(line.dropFirst(3)), [])
                }
            } else {
                current?.lines.append(line)
            }
        }
        return blocks
    }
}
