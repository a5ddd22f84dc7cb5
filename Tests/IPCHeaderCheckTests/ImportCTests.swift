import Foundation
import IPCCodeGen
import IPCDefinition
import IPCHeaderCheck
import Testing

/// `ipcgen import-c`: generated headers round-trip to equivalent definitions, hand-written headers import, and
/// what `.ipcdef` cannot represent is refused with a message naming the field.
@Suite struct ImportCTests {
    func importHeader(_ text: String, package: [String]? = nil) throws -> String {
        let directory = try Fixture.temporaryDirectory("import")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try text.write(toFile: directory + "/input.h", atomically: true, encoding: .utf8)
        let header = try HeaderParser().parse(path: directory + "/input.h")
        return try CImporter(header: header, headerPath: "input.h", package: package).importDefinitions()
    }

    func importProblems(_ text: String) throws -> [String] {
        do {
            _ = try importHeader(text)
            return []
        } catch let error as ImportError {
            return error.problems
        }
    }

    /// Renders `paths`' headers, imports each self-contained one back, and compares every type's fingerprint
    /// (which covers type name, field names, offsets, sizes and field types) and size.
    static func roundTrip(_ paths: [String]) throws -> Int {
        var compared = 0
        for path in paths {
            let original = try Fixture.load([path])
            guard original.files.count == 1 else { continue }  // Types from other headers are not imported.
            // `import-c` reads plain C structs and enums; unions, optionals and flags come back as what C shows
            // (a struct holding a union is refused, `zcipc_opt_T` is a struct, flags an enum), so they are skipped.
            guard !usesConstructsCLacks(original.files[0]) else { continue }
            let directory = try Fixture.temporaryDirectory("roundtrip")
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let rendered = CHeaderRenderer(definitions: original).render(original.files[0])
            try Fixture.write([rendered], to: directory)
            let header = try HeaderParser().parse(path: directory + "/" + rendered.name)
            let text = try CImporter(header: header, headerPath: rendered.name).importDefinitions()
            let imported = try DefinitionLoader(sources: ["imported.ipcdef": text]).load(paths: ["imported.ipcdef"])
            for structure in original.files[0].structures {
                let copy = try #require(imported.structures[structure.id], "\(structure.id) missing in:\n\(text)")
                #expect(copy.layout == structure.layout, "\(structure.id) from \(path):\n\(text)")
                #expect(copy.typeName == structure.typeName)
                compared += 1
            }
            for enumeration in original.files[0].enumerations {
                let copy = try #require(imported.enumerations[enumeration.id], "\(enumeration.id) missing:\n\(text)")
                #expect(copy.fingerprint == enumeration.fingerprint, "\(enumeration.id) from \(path):\n\(text)")
                compared += 1
            }
        }
        return compared
    }

    static func usesConstructsCLacks(_ file: DefinitionFile) -> Bool {
        func lacking(_ type: FieldType) -> Bool {
            switch type {
            case .optional, .union: true
            case .array(let element, _), .vector(let element, _): lacking(element)
            default: false
            }
        }
        return !file.unions.isEmpty || file.enumerations.contains(where: \.isFlags)
            || file.structures.contains { $0.fields.contains { lacking($0.type) } }
    }

    @Test func generatedHeadersRoundTrip() throws {
        let paths = DefinitionSources.fixtures + DefinitionSources.definitions + DefinitionSources.corpus
        let compared = try Self.roundTrip(paths)
        #expect(compared >= 6)
    }

    @Test func featureHeaderImportsAsExpected() throws {
        let text = try importHeader(
            """
            #include <stdint.h>
            #include <stdbool.h>
            #define demo_Thing_TYPE_NAME "vendor::Thing"
            typedef uint16_t demo_Mode;
            enum demo_Mode_values { demo_Mode_off = 0, demo_Mode_on = 7 };
            enum Color { RED, GREEN = 5 };
            struct demo_Inner { double x; };
            typedef struct { _Alignas(32) uint8_t tag; } demo_Wide;
            typedef struct demo_Thing {
                bool flag;
                int8_t int_;
                demo_Mode mode;
                enum Color color;
                float values[2][3];
                struct demo_Inner inner;
                demo_Wide wide;
                demo_Mode modes[2];
            } demo_Thing;
            """, package: ["demo"])
        #expect(
            text == """
                // Imported by ipcgen import-c from input.h.
                // Verify with: ipcgen check input.h <this file>

                package demo

                enum Mode: u16 {
                    off = 0
                    on = 7
                }

                @c_name("Color")
                enum Color: u32 {
                    RED = 0
                    GREEN = 5
                }

                struct Inner {
                    x: f64
                }

                @align(32)
                struct Wide {
                    tag: u8
                }

                @type_name("vendor::Thing")
                struct Thing {
                    flag: bool
                    int: i8
                    mode: Mode
                    color: Color
                    values: [[f32; 3]; 2]
                    inner: Inner
                    wide: Wide
                    modes: [Mode; 2]
                }

                """)
    }

    @Test func unrepresentableMembersAreRefused() throws {
        let problems = try importProblems(
            """
            #include <stdint.h>
            union Either { int32_t a; float b; };
            struct Bad {
                int32_t *pointer;
                uint32_t bits : 3;
                union Either either;
                long double wide;
                uint8_t tail[];
            };
            """)
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.hasSuffix("union 'Either' cannot be represented in .ipcdef; use separate fields or a byte array") })
        #expect(problems.contains { $0.contains(":4:") && $0.hasSuffix("error: 'Bad.pointer' is a pointer; shared memory is mapped at different addresses, store an offset or index") })
        #expect(problems.contains { $0.contains(":5:") && $0.hasSuffix("error: 'Bad.bits' is a bitfield, which has no portable layout; use a whole integer and mask it") })
        #expect(problems.contains { $0.hasSuffix("error: 'Bad.either' is union 'Either'; .ipcdef has no unions, use separate fields or a byte array") })
        #expect(problems.contains { $0.hasSuffix("error: 'Bad.wide' is a long double, which has no portable layout") })
        #expect(problems.contains { $0.hasSuffix("error: 'Bad.tail' is a flexible array member; use vec<T, N> with a fixed capacity") })
    }

    @Test func packedStructIsRefused() throws {
        let problems = try importProblems(
            """
            #include <stdint.h>
            struct __attribute__((packed)) Packed { uint8_t a; uint32_t b; };
            """)
        #expect(problems == [
            "input.h: error: 'Packed' cannot be represented exactly (packed or unusual layout?): Packed: size 5 in header, 8 in definition",
            "input.h: error: 'Packed' cannot be represented exactly (packed or unusual layout?): Packed: alignment 1 in header, 4 in definition",
            "input.h: error: 'Packed' cannot be represented exactly (packed or unusual layout?): Packed.b: offset 1 in header, 4 in definition",
        ])
    }

    @Test func brokenHeaderIsAnError() throws {
        let directory = try Fixture.temporaryDirectory("broken")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "struct A { int x }\n#warning check me\n".write(toFile: directory + "/b.h", atomically: true, encoding: .utf8)
        #expect(throws: HeaderParseError.diagnostics([
            "\(directory)/b.h:1:17: warning: expected ';' at end of declaration list",
            "\(directory)/b.h:2:2: warning: check me",
            "\(directory)/b.h:1:19: error: expected ';' after struct",
        ])) {
            try HeaderParser().parse(path: directory + "/b.h")
        }
        #expect(throws: HeaderParseError.self) { try HeaderParser().parse(path: directory + "/missing.h") }
    }
}

/// A generated header that includes another generated header imports to a definition that imports the other one's
/// definition, with the same layouts, type names and fingerprints.
@Suite struct ImportCIncludedHeaderTests {
    @Test func headerIncludingAnotherGeneratedHeaderRoundTrips() throws {
        let directory = try Fixture.temporaryDirectory("import-includes")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let geometry = """
            package geo.shapes
            enum Kind: u16 {
                round = 1
                square = 2
            }
            struct Point {
                x: f32
                y: f64
            }
            """
        let scene = """
            package scene
            import "Geometry.ipcdef"
            struct Placement {
                id: u8
                at: geo.shapes.Point
                corners: [Point; 3]
                kind: Kind
                trail: vec<Point, 4>
            }
            """
        try geometry.write(toFile: directory + "/Geometry.ipcdef", atomically: true, encoding: .utf8)
        try scene.write(toFile: directory + "/Scene.ipcdef", atomically: true, encoding: .utf8)
        let original = try DefinitionLoader().load(paths: [directory + "/Scene.ipcdef"])
        try Fixture.write(CHeaderRenderer(definitions: original, baseDirectory: directory).renderAll(), to: directory)

        let parser = HeaderParser(extraArguments: ["-I", directory])
        let header = try parser.parse(path: directory + "/Scene.h")
        let text = try CImporter(
            header: header, headerPath: "Scene.h", parseIncludedHeader: { try parser.parse(path: $0) }
        ).importDefinitions()
        #expect(text.contains("import \"Geometry.ipcdef\""), "\(text)")
        #expect(text.contains("at: geo.shapes.Point"), "\(text)")

        let geometryText = try CImporter(header: try parser.parse(path: directory + "/Geometry.h"), headerPath: "Geometry.h")
            .importDefinitions()
        let imported = try DefinitionLoader(sources: ["Scene.ipcdef": text, "Geometry.ipcdef": geometryText])
            .load(paths: ["Scene.ipcdef"])
        for (id, structure) in original.structures {
            let copy = try #require(imported.structures[id], "\(id) missing in:\n\(text)\n\(geometryText)")
            #expect(copy.layout == structure.layout, "\(id):\n\(text)")
            #expect(copy.typeName == structure.typeName)
        }
        for (id, enumeration) in original.enumerations {
            #expect(imported.enumerations[id]?.fingerprint == enumeration.fingerprint, "\(id)")
        }
    }
}
