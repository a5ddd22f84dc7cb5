import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// `ipcgen cpp`'s headers for the golden definitions (services of each pattern, user headers, enum and slice
/// payloads) and zerocopyipc.hpp, compared with the committed files in `Tests/Goldens/Cpp`. The C headers it writes
/// too are `ipcgen c`'s, golden-tested there. `IPCGEN_BLESS=1 swift test --filter CppGolden` rewrites them.
@Suite("C++ golden files")
struct CppGoldenTests {
    static let folder = GoldenTests.folder.appendingPathComponent("Cpp")

    @Test("headers and zerocopyipc.hpp match the goldens")
    func outputMatchesTheGoldens() throws {
        let path = GoldenTests.folder.appendingPathComponent("Features.ipcdef").path
        let model = try DefinitionLoader().load(paths: [path])
        let files = CppRenderer(definitions: model, baseDirectory: GoldenTests.folder.path).renderAll()
        #expect(files.map(\.name) == ["Imported.h", "Features.h", "Imported.hpp", "Features.hpp", "zerocopyipc.hpp"])
        for file in files where !file.name.hasSuffix(".h") {
            let goldenURL = Self.folder.appendingPathComponent(file.name + ".golden")
            if ProcessInfo.processInfo.environment["IPCGEN_BLESS"] == "1" {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try file.contents.write(to: goldenURL, atomically: true, encoding: .utf8)
            }
            let golden = try String(contentsOf: goldenURL, encoding: .utf8)
            #expect(file.contents == golden, "\(file.name): \(TextDiff.lines(golden, file.contents))")
        }
    }

    @Test func outputIsDeterministic() throws {
        let path = GoldenTests.folder.appendingPathComponent("Features.ipcdef").path
        let first = CppRenderer(definitions: try DefinitionLoader().load(paths: [path])).renderAll()
        let second = CppRenderer(definitions: try DefinitionLoader().load(paths: [path])).renderAll()
        #expect(first == second)
    }
}
