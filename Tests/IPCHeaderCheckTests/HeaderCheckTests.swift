import Foundation
import IPCCodeGen
import IPCDefinition
import IPCHeaderCheck
import Testing

/// `ipcgen check`'s comparison: generated headers match, and each kind of deliberately wrong header is caught
/// with the message that names the difference.
@Suite struct HeaderCheckTests {
    static let definitionPath = Fixture.fixtures + "/check.ipcdef"

    /// A hand-written header that agrees with check.ipcdef (implicit padding, C enum for Level).
    static let correctHeader = """
        #include <stdint.h>
        #include <stdbool.h>
        typedef int16_t chk_Level;
        enum { chk_Level_low = -1, chk_Level_high = 300 };
        typedef struct chk_Sample { bool flag; uint32_t count; uint8_t bytes[4]; uint64_t value; } chk_Sample;
        typedef struct chk_Aligned { _Alignas(16) uint32_t a; } chk_Aligned;
        typedef struct { uint8_t data[5]; uint8_t terminator; uint64_t len; } text5;
        typedef struct { uint16_t data[3]; uint64_t len; } shorts3;
        typedef struct chk_Holder { chk_Level level; text5 name; shorts3 items; chk_Sample sample; } chk_Holder;
        """

    func check(_ header: String, mapping: [String: String] = [:]) throws -> HeaderCheckReport {
        let directory = try Fixture.temporaryDirectory("check")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try header.write(toFile: directory + "/wrong.h", atomically: true, encoding: .utf8)
        let parsed = try HeaderParser().parse(path: directory + "/wrong.h")
        let definitions = try Fixture.load([Self.definitionPath])
        return LayoutComparator(definitions: definitions, header: parsed, mapping: mapping).compare()
    }

    func mutated(_ old: String, _ new: String) -> String {
        precondition(Self.correctHeader.contains(old), "fixture text '\(old)' not found")
        return Self.correctHeader.replacingOccurrences(of: old, with: new)
    }

    @Test func generatedHeaderMatches() throws {
        let definitions = try Fixture.load([Self.definitionPath])
        let header = CHeaderRenderer(definitions: definitions).render(definitions.rootFiles[0])
        let report = try check(header.contents)
        #expect(report.mismatches == [])
        #expect(report.checkedTypes == ["chk.Level", "chk.Sample", "chk.Aligned", "chk.Holder"])
        #expect(report.description == "layout check passed: 4 types match")
    }

    @Test func handWrittenHeaderMatches() throws {
        let report = try check(Self.correctHeader)
        #expect(report.mismatches == [])
    }

    @Test func reorderedFieldsAreCaught() throws {
        let report = try check(mutated("bool flag; uint32_t count;", "uint32_t count; bool flag;"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Sample.flag: field 2 in header, 1 in definition (reordered)",
            "chk.Sample.flag: offset 4 in header, 0 in definition",
            "chk.Sample.count: field 1 in header, 2 in definition (reordered)",
            "chk.Sample.count: offset 0 in header, 4 in definition",
            "chk.Sample.bytes: offset 5 in header, 8 in definition",
        ])
        #expect(report.description.hasSuffix("layout check failed: 5 mismatches in 1 of 4 types"))
    }

    @Test func wrongArrayLengthIsCaught() throws {
        let report = try check(mutated("uint8_t bytes[4];", "uint8_t bytes[5];"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Sample.bytes: array length 5 in header, 4 in definition"
        ])
    }

    @Test func missingPaddingIsCaught() throws {
        // A packed struct has none of the padding C would insert: every later offset shifts.
        let report = try check(mutated("typedef struct chk_Sample {", "typedef struct __attribute__((packed)) chk_Sample {"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Sample: size 17 in header, 24 in definition",
            "chk.Sample: alignment 1 in header, 8 in definition",
            "chk.Sample.count: offset 1 in header, 4 in definition",
            "chk.Sample.bytes: offset 5 in header, 8 in definition",
            "chk.Sample.value: offset 9 in header, 16 in definition",
            "chk.Holder.sample: size 17 in header, 24 in definition",
        ])
    }

    @Test func explicitPaddingOverlappingDataIsCaught() throws {
        let report = try check(mutated("bool flag; uint32_t count;", "bool flag; uint8_t _padding0[4]; uint32_t count;"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Sample.count: offset 8 in header, 4 in definition",
            "chk.Sample.bytes: offset 12 in header, 8 in definition",
            "chk.Sample._padding0: padding at offset 1, size 4 in header overlaps data in definition",
        ])
    }

    @Test func extraFieldIsCaughtWithoutReorderNoise() throws {
        let report = try check(mutated("bool flag; uint32_t count;", "bool flag; uint16_t extra; uint32_t count;"))
        #expect(report.mismatches.map(\.description) == ["chk.Sample.extra: in header (offset 2), not in definition"])
        let missing = try check(mutated("uint8_t bytes[4]; ", ""))
        #expect(missing.mismatches.map(\.description).contains("chk.Sample.bytes: missing in header"))
    }

    @Test func differentAlignmentIsCaught() throws {
        let report = try check(mutated("_Alignas(16) uint32_t a;", "_Alignas(32) uint32_t a;"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Aligned: size 32 in header, 16 in definition",
            "chk.Aligned: alignment 32 in header, 16 in definition",
        ])
    }

    @Test func wrongTypeClassIsCaught() throws {
        let report = try check(mutated("uint64_t value; }", "double value; }"))
        #expect(report.mismatches.map(\.description) == ["chk.Sample.value: type f64 in header, u64 in definition"])
        let signedness = try check(mutated("uint32_t count;", "int32_t count;"))
        #expect(signedness.mismatches.map(\.description) == ["chk.Sample.count: type i32 in header, u32 in definition"])
    }

    @Test func wrongStringAndVectorLayoutsAreCaught() throws {
        let report = try check(mutated("uint8_t data[5]; uint8_t terminator;", "uint8_t data[6];"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Holder.name: struct text5 in header is not laid out as string<5> (size 16, 2 members; expected 16, 3: "
                + "data, terminator, len)"
        ])
        let vector = try check(mutated("uint16_t data[3];", "int16_t data[3];"))
        #expect(vector.mismatches.map(\.description) == [
            "chk.Holder.items: struct shorts3 in header is not laid out as vec<u16, 3> (member data: array element: "
                + "type i16 in header, u16 in definition)"
        ])
    }

    @Test func enumStorageAndValuesAreChecked() throws {
        let report = try check(mutated("typedef int16_t chk_Level;", "typedef uint16_t chk_Level;"))
        #expect(report.mismatches.map(\.description).contains("chk.Level: stored as u16 in header, i16 in definition"))
        let values = try check(mutated("chk_Level_high = 300", "chk_Level_high = 301"))
        #expect(values.mismatches.map(\.description) == ["chk.Level.high: value 301 in header, 300 in definition"])
    }

    @Test func missingStructNamesTheMappingOption() throws {
        let report = try check(mutated("} chk_Aligned;", "} other_Aligned;").replacingOccurrences(
            of: "struct chk_Aligned", with: "struct other_Aligned"))
        #expect(report.mismatches.map(\.description) == [
            "chk.Aligned: no struct 'chk_Aligned' in header (name it with --map chk.Aligned=<C name>)"
        ])
        let mapped = try check(
            mutated("} chk_Aligned;", "} other_Aligned;").replacingOccurrences(
                of: "struct chk_Aligned", with: "struct other_Aligned"),
            mapping: ["chk.Aligned": "other_Aligned"])
        #expect(mapped.mismatches == [])
    }

    /// `@c_name` gives a type its header's own name: generated headers declare and use it, and the check finds the
    /// header's type by it (without `--map`).
    @Test func cNameAttributeNamesTheTypeInHeadersAndChecks() async throws {
        let definitions = try DefinitionLoader(sources: [
            "legacy.ipcdef": """
                package legacy
                @c_name("Mode")
                enum Mode: u8 {
                    idle = 0
                    busy = 1
                }
                @c_name("Pose")
                struct Pose {
                    x: f64
                    mode: Mode
                }
                struct Track {
                    poses: [Pose; 2]
                    recent: vec<Pose, 3>
                    mode: Mode
                }
                """
        ]).load(paths: ["legacy.ipcdef"])
        let header = CHeaderRenderer(definitions: definitions).render(definitions.rootFiles[0]).contents
        for line in [
            "typedef uint8_t Mode;", "Mode_busy = 1,", "typedef struct Pose {", "} Pose;", "    Mode mode;",
            "typedef struct legacy_Track {", "    Pose poses[2];", "    Pose data[3];",
            "#define Pose_TYPE_NAME \"legacy.Pose\"",
        ] {
            #expect(header.contains(line), "\(line) missing in:\n\(header)")
        }
        #expect(!header.contains("legacy_Pose ") && !header.contains("legacy_Mode "), "\(header)")

        let directory = try Fixture.temporaryDirectory("cname")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try header.write(toFile: directory + "/legacy.h", atomically: true, encoding: .utf8)
        try "#include \"legacy.h\"\nint main(void) { return 0; }\n"
            .write(toFile: directory + "/main.c", atomically: true, encoding: .utf8)
        let compiled = try await runProcess(
            "/usr/bin/gcc", ["-std=c11", "-Wall", "-Werror", "-c", "main.c", "-o", "main.o"], in: directory)
        #expect(compiled.status == 0, "gcc failed:\n\(compiled.output)")
        let parsed = try HeaderParser().parse(path: directory + "/legacy.h")
        let report = LayoutComparator(definitions: definitions, header: parsed).compare()
        #expect(report.mismatches == [])
        #expect(report.checkedTypes == ["legacy.Mode", "legacy.Pose", "legacy.Track"])
    }
}
