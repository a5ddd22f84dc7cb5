import Foundation
import ProcessCapture
import Subprocess
import SystemPackage
import Testing

/// The `ipcgen` executable as users and the plugin run it: exit codes, diagnostics on standard error, outputs.
@Suite("ipcgen command line")
struct IPCGenCommandTests {
    /// The ipcgen binary beside the test bundle in the build products folder.
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("ipcgen").path

    static func ipcgen(_ arguments: [String]) async throws -> (status: TerminationStatus, output: String, errors: String) {
        let result = try await runCapturing(.path(FilePath(binary)), arguments: Arguments(arguments))
        return (result.terminationStatus, result.standardOutput, result.standardError)
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zcipc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func errorsGoToStandardErrorWithExitCodeOne() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("Bad.ipcdef")
        try "struct A {\n  a: u33\n  b: String\n}\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try await Self.ipcgen(["swift", file.path, "-o", folder.appendingPathComponent("out").path])
        #expect(result.status == .exited(1))
        #expect(result.errors.contains("\(file.path):2:6: error: unknown type 'u33'; did you mean 'u32'?"))
        #expect(result.errors.contains("\(file.path):3:6: error: 'String' is not supported"))
        #expect(result.errors.contains("2 errors generated."))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func swiftWritesOneFilePerDefinitionWithoutCollisions() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for sub in ["a", "b"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
            try "package \(sub)\nstruct T { x: u8 }\n"
                .write(to: folder.appendingPathComponent("\(sub)/Same.ipcdef"), atomically: true, encoding: .utf8)
        }
        let out = folder.appendingPathComponent("out")
        let result = try await Self.ipcgen([
            "swift", folder.appendingPathComponent("a/Same.ipcdef").path, folder.appendingPathComponent("b/Same.ipcdef").path,
            "-o", out.path,
        ])
        #expect(result.status == .exited(0), "\(result.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["a_Same.swift", "b_Same.swift"])
        let text = try String(contentsOf: out.appendingPathComponent("b_Same.swift"), encoding: .utf8)
        #expect(text.contains("public struct B_T:"))
    }

    @Test func layoutPrintsTextAndJSON() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("L.ipcdef")
        try "struct S {\n  a: u8\n  b: u32\n}\n".write(to: file, atomically: true, encoding: .utf8)
        let text = try await Self.ipcgen(["layout", file.path])
        #expect(text.status == .exited(0))
        #expect(text.output.contains("struct S: size 8, alignment 4, fingerprint 0x"))
        #expect(text.output.contains("  b: u32 at offset 4, size 4, alignment 4"))
        #expect(text.output.contains("  (padding at offset 1, size 3)"))

        let json = try await Self.ipcgen(["layout", file.path, "--json"])
        #expect(json.status == .exited(0))
        struct Report: Decodable {
            struct Entry: Decodable {
                struct Field: Decodable { var name: String; var offset: Int; var size: Int }
                var name: String
                var size: Int
                var alignment: Int
                var fields: [Field]
            }
            var types: [Entry]
        }
        // Once in ten loaded suite runs this output did not parse: show what came, to find out why.
        let report: Report
        do {
            report = try JSONDecoder().decode(Report.self, from: Data(json.output.utf8))
        } catch {
            Issue.record("not JSON (\(json.output.utf8.count) bytes): \(json.output) — stderr: \(json.errors)")
            return
        }
        #expect(report.types.map(\.name) == ["S"])
        #expect(report.types[0].size == 8 && report.types[0].alignment == 4)
        #expect(report.types[0].fields.map(\.offset) == [0, 4])
    }

    @Test func conformReportsEachTypeAndExitsOneWhenBreaking() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = folder.appendingPathComponent("Old.ipcdef")
        let compatible = folder.appendingPathComponent("Compatible.ipcdef")
        let breaking = folder.appendingPathComponent("Breaking.ipcdef")
        try "struct Reading {\n  id: u64\n  level: u8\n}\n".write(to: old, atomically: true, encoding: .utf8)
        try "struct Reading {\n  id: u64\n  level: u8\n  flags: u16\n}\n"
            .write(to: compatible, atomically: true, encoding: .utf8)
        try "struct Reading {\n  level: u8\n  id: u64\n}\n".write(to: breaking, atomically: true, encoding: .utf8)
        let good = try await Self.ipcgen(["conform", old.path, compatible.path])
        #expect(good.status == .exited(0), "\(good.errors)")
        #expect(good.output.contains("Reading: compatible\n  Reading.flags: added at offset 10, size 2, in bytes the old layout did not use"))
        let bad = try await Self.ipcgen(["conform", old.path, breaking.path])
        #expect(bad.status == .exited(1))
        #expect(bad.output.contains("Reading.id: offset 0 → 8"), "\(bad.output)")
        #expect(bad.output.contains("Reading.level: offset 8 → 0"), "\(bad.output)")
    }

    @Test func unreadableFileIsADiagnostic() async throws {
        let result = try await Self.ipcgen(["layout", "/nonexistent/Missing.ipcdef"])
        #expect(result.status == .exited(1))
        #expect(result.errors.contains("/nonexistent/Missing.ipcdef:1:1: error: cannot read '/nonexistent/Missing.ipcdef'"))
    }

    /// `import-c --package` then the check its banner suggests: the definition remembers the header's own names
    /// (`@c_name`), so the check passes on the untouched header and still reports a changed field.
    @Test func anImportedDefinitionChecksAgainstItsHeaderAsSuggested() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let header = folder.appendingPathComponent("legacy.h")
        let definition = folder.appendingPathComponent("Legacy.ipcdef")
        let original = """
            #include <stdint.h>
            typedef uint8_t Mode;
            enum { Mode_idle = 0, Mode_busy = 1 };
            typedef struct Pose { double x; float heading; Mode mode; } Pose;
            typedef struct Track { Pose poses[2]; uint32_t count; } Track;

            """
        try original.write(to: header, atomically: true, encoding: .utf8)
        let imported = try await Self.ipcgen(["import-c", header.path, "--package", "legacy", "-o", definition.path])
        try #require(imported.status == .exited(0), "\(imported.errors)")
        let text = try String(contentsOf: definition, encoding: .utf8)
        #expect(text.contains("@c_name(\"Pose\")\nstruct Pose {"), "\(text)")
        #expect(text.contains("@c_name(\"Mode\")\nenum Mode: u8 {"), "\(text)")
        #expect(text.contains("// Verify with: ipcgen check \(header.path) <this file>"))

        let check = try await Self.ipcgen(["check", header.path, definition.path])
        #expect(check.status == .exited(0), "\(check.output)\(check.errors)")
        #expect(check.output.contains("layout check passed: 3 types match"), "\(check.output)")

        // Every difference is still found under the header's names: a field's type and offset, and an enum value.
        let changed = original.replacingOccurrences(of: "double x; float heading;", with: "float x; float heading;")
            .replacingOccurrences(of: "Mode_busy = 1", with: "Mode_busy = 2")
        try changed.write(to: header, atomically: true, encoding: .utf8)
        let failed = try await Self.ipcgen(["check", header.path, definition.path])
        #expect(failed.status == .exited(1))
        for line in [
            "legacy.Mode.busy: value 2 in header, 1 in definition",
            "legacy.Pose.x: type f32 in header, f64 in definition",
            "legacy.Pose.heading: offset 4 in header, 8 in definition",
        ] {
            #expect(failed.output.contains(line), "\(failed.output)")
        }
    }
}
