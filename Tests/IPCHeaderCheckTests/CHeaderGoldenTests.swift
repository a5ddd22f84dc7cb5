import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// The generated C headers for the fixtures, compared with the committed goldens in `Goldens/CHeader`.
/// Re-bless with `IPCGEN_BLESS=1 swift test --filter CHeaderGoldenTests`.
@Suite struct CHeaderGoldenTests {
    static let goldens = Fixture.testsDirectory + "/Goldens/CHeader"

    @Test(arguments: ["everything.ipcdef", "check.ipcdef", "v2.ipcdef"])
    func headerMatchesGolden(_ name: String) throws {
        let set = try Fixture.load([Fixture.fixtures + "/" + name])
        let files = CHeaderRenderer(definitions: set, baseDirectory: Fixture.fixtures).renderAll()
        for file in files {
            let path = Self.goldens + "/" + file.name
            if ProcessInfo.processInfo.environment["IPCGEN_BLESS"] == "1" {
                try FileManager.default.createDirectory(atPath: Self.goldens, withIntermediateDirectories: true)
                try file.contents.write(toFile: path, atomically: true, encoding: .utf8)
                continue
            }
            let golden = try String(contentsOfFile: path, encoding: .utf8)
            #expect(file.contents == golden, "\(file.name) differs from its golden:\n\(lineDiff(golden, file.contents))")
        }
    }

    @Test func renderingIsDeterministic() throws {
        let paths = DefinitionSources.fixtures + DefinitionSources.definitions
        let first = CHeaderRenderer(definitions: try Fixture.load(paths)).renderAll()
        let second = CHeaderRenderer(definitions: try Fixture.load(paths)).renderAll()
        #expect(first == second)
    }

    @Test func keywordsGetATrailingUnderscore() throws {
        let set = try DefinitionLoader(sources: [
            "k.ipcdef": "struct class {\n    int: i32\n    default: u8\n    template: u8\n    plain: u8\n}\n"
        ]).load(paths: ["k.ipcdef"])
        let text = CHeaderRenderer(definitions: set).render(set.rootFiles[0]).contents
        #expect(text.contains("typedef struct class_ {"))
        #expect(text.contains("    int32_t int_;  // offset 0, size 4"))
        #expect(text.contains("    uint8_t default_;  // offset 4, size 1"))
        #expect(text.contains("    uint8_t template_;  // offset 5, size 1"))
        #expect(text.contains("    uint8_t plain;  // offset 6, size 1"))
        #expect(text.contains("    uint8_t _padding0[1];  // offset 7, size 1"))
    }
}

/// A minimal line diff: the first differing lines with their numbers, enough to see what changed.
func lineDiff(_ expected: String, _ actual: String) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [String] = []
    for index in 0..<max(old.count, new.count) where lines.count < 20 {
        let left = index < old.count ? String(old[index]) : "<none>"
        let right = index < new.count ? String(new[index]) : "<none>"
        if left != right { lines.append("line \(index + 1):\n- \(left)\n+ \(right)") }
    }
    return lines.joined(separator: "\n")
}
