import IPCDefinition
import Testing

/// The layout engine against numbers a C compiler gives for the same structs (x86_64 / aarch64 Linux).
@Suite("C layout rules")
struct LayoutTests {
    func layout(_ text: String, _ name: String) throws -> StructLayout {
        let model = try load(text)
        return try #require(model.structures[TypeID(package: [], name: name)]).layout
    }

    @Test func naturalAlignmentPaddingAndTailPadding() throws {
        // struct A { int64_t a; uint8_t b; } → size 16; struct B { A a; uint8_t z; } → z at 16, size 24.
        let text = "struct A {\n a: i64\n b: u8\n}\nstruct B {\n a: A\n z: u8\n}"
        let a = try layout(text, "A")
        #expect(a.size == 16 && a.alignment == 8)
        #expect(a.fields.map(\.offset) == [0, 8])
        #expect(a.padding == [PaddingLayout(offset: 9, size: 7)])
        let b = try layout(text, "B")
        #expect(b.fields.map(\.offset) == [0, 16])
        #expect(b.size == 24)
    }

    @Test func mixedPrimitives() throws {
        // struct { uint8_t a; uint32_t b; uint16_t c; double d; bool e; float f; } → 0, 4, 8, 16, 24, 28; size 32.
        let s = try layout("struct S {\n a: u8\n b: u32\n c: u16\n d: f64\n e: bool\n f: f32\n}", "S")
        #expect(s.fields.map(\.offset) == [0, 4, 8, 16, 24, 28])
        #expect(s.size == 32 && s.alignment == 8)
    }

    @Test func arraysAndNestedArrays() throws {
        let s = try layout("struct S {\n a: u8\n b: [u16; 3]\n c: [[u8; 3]; 2]\n d: u32\n}", "S")
        #expect(s.fields.map(\.offset) == [0, 2, 8, 16])
        #expect(s.fields.map(\.size) == [1, 6, 6, 4])
        #expect(s.size == 20 && s.alignment == 4)
    }

    @Test func stringAndVectorUseIceoryx2Layouts() throws {
        // string<13>: data[13] at 0, terminator at 13, len (u64) at 16 → size 24, align 8.
        let string = LayoutRules.stringLayout(capacity: 13)
        #expect(string.fields.map(\.offset) == [0, 13, 16])
        #expect(string.size == 24 && string.alignment == 8)
        // vec<u16, 5>: data at 0 (10 bytes), len at 16 → size 24, align 8.
        let vector = LayoutRules.vectorLayout(element: TypeLayoutInfo(size: 2, alignment: 2), capacity: 5)
        #expect(vector.fields.map(\.offset) == [0, 16])
        #expect(vector.size == 24)
        let s = try layout("struct S {\n a: u8\n s: string<3>\n v: vec<u8, 9>\n}", "S")
        #expect(s.fields.map(\.offset) == [0, 8, 24])
        #expect(s.fields.map(\.size) == [1, 16, 24])
        #expect(s.size == 48)
    }

    @Test func alignAttributeRaisesAlignmentAndSize() throws {
        let text = "@align(64)\nstruct Line {\n a: u32\n}\nstruct Holder {\n x: u8\n line: Line\n y: u8\n}"
        let line = try layout(text, "Line")
        #expect(line.alignment == 64 && line.size == 64 && line.naturalAlignment == 4)
        let holder = try layout(text, "Holder")
        #expect(holder.fields.map(\.offset) == [0, 64, 128])
        #expect(holder.size == 192 && holder.alignment == 64)
        // @align below the natural alignment changes nothing.
        let low = try layout("@align(2)\nstruct L {\n a: u64\n}", "L")
        #expect(low.alignment == 8 && low.size == 8)
    }

    @Test func enumsTakeTheirIntegersLayout() throws {
        let s = try layout("enum E: u16 { a = 1 }\nstruct S {\n x: u8\n e: E\n}", "S")
        #expect(s.fields.map(\.offset) == [0, 2])
        #expect(s.size == 4)
    }

    @Test func fingerprintsAreStableAndSensitive() throws {
        let base = try layout("struct S {\n a: u32\n b: u8\n}", "S").fingerprint
        #expect(try layout("// a comment\nstruct S {\n  a: u32\n  b: u8\n}", "S").fingerprint == base)
        #expect(try layout("struct S {\n b: u8\n a: u32\n}", "S").fingerprint != base)
        #expect(try layout("struct S {\n a: u32\n b: i8\n}", "S").fingerprint != base)
        #expect(try layout("struct S {\n a: u32\n c: u8\n}", "S").fingerprint != base)
        #expect(try layout("@type_name(\"x\")\nstruct S {\n a: u32\n b: u8\n}", "S").fingerprint != base)
    }
}
