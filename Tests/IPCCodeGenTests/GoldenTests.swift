import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// The generator's complete output for definitions that use every feature, compared with committed files.
/// `IPCGEN_BLESS=1 swift test --filter Golden` rewrites them; a reviewer then sees the change in the diff.
@Suite("Golden files")
struct GoldenTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens")

    @Test(arguments: ["Features", "Imported"])
    func swiftOutputMatchesTheGolden(name: String) throws {
        let path = Self.folder.appendingPathComponent("\(name).ipcdef").path
        let model = try DefinitionLoader().load(paths: [path])
        let rendered = try #require(SwiftRenderer(definitions: model).renderRootFiles(relativeTo: Self.folder.path).first)
        #expect(rendered.name == "\(name).swift")
        let goldenURL = Self.folder.appendingPathComponent(rendered.name + ".golden")
        if ProcessInfo.processInfo.environment["IPCGEN_BLESS"] == "1" {
            try rendered.contents.write(to: goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: goldenURL, encoding: .utf8)
        #expect(rendered.contents == golden, "\(TextDiff.lines(golden, rendered.contents))")
    }

    @Test func outputIsDeterministic() throws {
        let path = Self.folder.appendingPathComponent("Features.ipcdef").path
        let first = SwiftRenderer(definitions: try DefinitionLoader().load(paths: [path])).renderRootFiles(relativeTo: nil)
        let second = SwiftRenderer(definitions: try DefinitionLoader().load(paths: [path])).renderRootFiles(relativeTo: nil)
        #expect(first == second)
    }
}

/// A compact line diff for failure messages: `-` golden, `+` generated.
enum TextDiff {
    static func lines(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for change in new.difference(from: old) {
            switch change {
            case .remove(let offset, let line, _): out.append("-\(offset + 1): \(line)")
            case .insert(let offset, let line, _): out.append("+\(offset + 1): \(line)")
            }
        }
        return out.prefix(60).joined(separator: "\n")
    }
}
