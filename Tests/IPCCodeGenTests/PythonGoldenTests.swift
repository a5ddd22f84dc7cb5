import Foundation
import IPCCodeGen
import IPCDefinition
import Testing

/// `ipcgen python`'s complete output for the golden definitions (every language feature, services of each
/// pattern), and zerocopyipc.py, compared with the committed files in `Tests/Goldens/Python`.
/// `IPCGEN_BLESS=1 swift test --filter PythonGolden` rewrites them; a reviewer then sees the change in the diff.
@Suite("Python golden files")
struct PythonGoldenTests {
    static let folder = GoldenTests.folder.appendingPathComponent("Python")

    @Test("modules and zerocopyipc.py match the goldens")
    func outputMatchesTheGoldens() throws {
        let path = GoldenTests.folder.appendingPathComponent("Features.ipcdef").path
        let model = try DefinitionLoader().load(paths: [path])
        let files = PythonRenderer(definitions: model, baseDirectory: GoldenTests.folder.path).renderAll()
        #expect(files.map(\.name) == ["Imported.py", "Features.py", "zerocopyipc.py"])
        for file in files {
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
        let first = PythonRenderer(definitions: try DefinitionLoader().load(paths: [path])).renderAll()
        let second = PythonRenderer(definitions: try DefinitionLoader().load(paths: [path])).renderAll()
        #expect(first == second)
    }

    @Test("Python keywords and reserved names get a trailing underscore")
    func keywordsAreEscaped() throws {
        let model = try DefinitionLoader(sources: [
            "k.ipcdef": "struct lambda {\n    class: i32\n    TYPE_NAME: u8\n    plain: u8\n}\n",
        ]).load(paths: ["k.ipcdef"])
        let text = PythonRenderer(definitions: model).render(model.rootFiles[0]).contents
        #expect(text.contains("class lambda_(zerocopyipc.Struct):"), "\(text)")
        #expect(text.contains("(\"class_\", ctypes.c_int32),  # offset 0, size 4"), "\(text)")
        #expect(text.contains("(\"TYPE_NAME_\", ctypes.c_uint8),  # offset 4, size 1"), "\(text)")
        #expect(text.contains("(\"plain\", ctypes.c_uint8),  # offset 5, size 1"), "\(text)")
        #expect(text.contains("(\"_padding0\", ctypes.c_uint8 * 2),  # offset 6, size 2"), "\(text)")
    }
}
