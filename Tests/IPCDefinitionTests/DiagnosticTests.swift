import IPCDefinition
import Testing

/// Every error class of the language, with its exact message and position.
@Suite("Diagnostics")
struct DiagnosticTests {
    @Test func misspeltTypeSuggestsTheClosestName() {
        #expect(diagnostics("struct A {\n    x: u33\n}") == ["t.ipcdef:2:8: error: unknown type 'u33'; did you mean 'u32'?"])
        #expect(diagnostics("struct Point { x: f32 }\nstruct B {\n  p: Pointt\n}") == [
            "t.ipcdef:3:6: error: unknown type 'Pointt'; did you mean 'Point'?"
        ])
        #expect(diagnostics("struct A { q: Zebra }") == ["t.ipcdef:1:15: error: unknown type 'Zebra'"])
    }

    @Test func unsupportedAndPointerLikeTypesNameTheAlternative() {
        #expect(diagnostics("struct A { s: String }") == [
            "t.ipcdef:1:15: error: 'String' is not supported: it owns heap memory, which cannot live in shared "
                + "memory; use 'string<N>' for UTF-8 text of at most N bytes"
        ])
        let pointer = "pointers cannot cross process boundaries (every process maps shared memory at a different "
            + "address); store an offset or an index such as 'u64' instead"
        #expect(diagnostics("struct A { p: ptr }") == ["t.ipcdef:1:15: error: 'ptr' is not supported: " + pointer])
        #expect(diagnostics("struct A { p: *u8 }") == ["t.ipcdef:1:15: error: pointer types are not supported: " + pointer])
        #expect(diagnostics("struct A { n: usize }") == [
            "t.ipcdef:1:15: error: 'usize' has a platform-dependent size; use 'u64'"
        ])
        #expect(diagnostics("struct A { n: string }") == ["t.ipcdef:1:15: error: 'string' needs a capacity: write 'string<N>'"])
        #expect(diagnostics("struct A { n: [u8] }") == [
            "t.ipcdef:1:15: error: dynamic slices '[T]' are only allowed as service payloads; use '[T; N]' or "
                + "'vec<T, N>' in a struct"
        ])
    }

    @Test func duplicateTypesFieldsAndCasesPointAtTheFirstDeclaration() {
        #expect(diagnostics("struct A {\n  x: u8\n  x: u16\n}") == [
            "t.ipcdef:3:3: error: duplicate field 'x' in struct 'A'",
            "t.ipcdef:2:3: note: 'x' was first declared here",
        ])
        #expect(diagnostics("package p\nstruct A { x: u8 }\nenum A: u8 { a = 1 }") == [
            "t.ipcdef:3:6: error: duplicate type 'p.A'",
            "t.ipcdef:2:8: note: 'p.A' was first declared here",
        ])
        #expect(diagnostics("enum M: u8 {\n  a = 0\n  a = 1\n}") == [
            "t.ipcdef:3:3: error: duplicate case 'a' in enum 'M'",
            "t.ipcdef:2:3: note: 'a' was first declared here",
        ])
        #expect(diagnostics("enum M: u8 {\n  a = 0\n  b = 0\n}") == [
            "t.ipcdef:3:7: error: duplicate value 0 for case 'b' in enum 'M'",
            "t.ipcdef:2:3: note: case 'a' already has the value 0",
        ])
    }

    @Test func overAlignedElementsAreAcceptedInEveryContainer() throws {
        let slot = "@align(64)\nstruct Slot { a: u8 }\n"
        let model = try load(slot + "struct A {\n  v: vec<Slot, 2>\n  w: [Slot; 3]\n  x: vec<[Slot; 2], 2>\n"
            + "  y: [vec<Slot, 2>; 3]\n  z: optional<vec<Slot, 1>>\n}")
        let layout = model.structures[TypeID(package: [], name: "A")]!.layout
        // vec<Slot, 2>: 128 bytes of elements, len at 128, padded to 192 (C pads to the alignment).
        #expect(layout.fields.map(\.offset) == [0, 192, 384, 704, 1280])
        #expect(layout.size == 1472)
    }

    @Test func namesThatBecomeTheSameSwiftNameAreReported() {
        #expect(diagnostics("struct A {\n  max_len: u8\n  maxLen: u16\n}") == [
            "t.ipcdef:3:3: error: fields 'max_len' and 'maxLen' of struct 'A' both become 'maxLen' in Swift; "
                + "rename one of them",
            "t.ipcdef:2:3: note: 'max_len' is declared here",
        ])
        #expect(diagnostics("enum M: u8 {\n  FAST = 0\n  fast = 1\n}") == [
            "t.ipcdef:3:3: error: cases 'FAST' and 'fast' of enum 'M' both become 'fast' in Swift; rename one of them",
            "t.ipcdef:2:3: note: 'FAST' is declared here",
        ])
        #expect(diagnostics("package p\nstruct run_mode { a: u8 }\nstruct RunMode { a: u8 }") == [
            "t.ipcdef:3:8: error: types 'run_mode' and 'RunMode' of package 'p' both become 'RunMode' in Swift; "
                + "rename one of them",
            "t.ipcdef:2:8: note: 'run_mode' is declared here",
        ])
        #expect(diagnostics("const MAX = 1\nconst max = 2\nstruct A { a: u8 }") == [
            "t.ipcdef:2:7: error: constants 'MAX' and 'max' of 't.ipcdef' both become 'max' in Swift; "
                + "rename one of them",
            "t.ipcdef:1:7: note: 'MAX' is declared here",
        ])
    }

    @Test func enumValuesMustFitTheUnderlyingType() {
        #expect(diagnostics("enum M: u8 { big = 256 }") == [
            "t.ipcdef:1:20: error: value 256 of case 'big' is out of range for 'u8' (0...255)"
        ])
        #expect(diagnostics("enum M: i8 { low = -129 }") == [
            "t.ipcdef:1:20: error: value -129 of case 'low' is out of range for 'i8' (-128...127)"
        ])
        #expect(diagnostics("enum M: u32 { neg = -1 }") == [
            "t.ipcdef:1:21: error: value -1 of case 'neg' is out of range for 'u32' (0...4294967295)"
        ])
        #expect(diagnostics("enum M: f32 { a = 0 }") == [
            "t.ipcdef:1:9: error: the type of enum 'M' must be an integer type (u8, u16, u32, u64, i8, i16, i32, "
                + "i64), found 'f32'"
        ])
    }

    @Test func recursiveStructsAreRefused() {
        #expect(diagnostics("struct A { a: A }") == [
            "t.ipcdef:1:12: error: 'A' contains itself (A.a → A); a type cannot contain itself, directly "
                + "or indirectly"
        ])
        #expect(diagnostics("struct A {\n  b: [B; 2]\n}\nstruct B {\n  v: vec<A, 3>\n}") == [
            "t.ipcdef:2:3: error: 'A' contains itself (A.b → B.v → A); a type cannot contain itself, "
                + "directly or indirectly"
        ])
        #expect(diagnostics("union U {\n  a: S\n}\nstruct S {\n  u: optional<U>\n}") == [
            "t.ipcdef:5:3: error: 'S' contains itself (S.u → U.a → S); a type cannot contain itself, "
                + "directly or indirectly"
        ])
    }

    @Test func capacitiesMustBePositiveIntegers() {
        #expect(diagnostics("struct A { s: string<0> }") == ["t.ipcdef:1:22: error: string capacity must be at least 1, found 0"])
        #expect(diagnostics("struct A { s: [u8; -3] }") == ["t.ipcdef:1:20: error: array length must be at least 1, found -3"])
        #expect(diagnostics("struct A { s: vec<u8, 1.5> }") == ["t.ipcdef:1:23: error: vec capacity must be an integer, found '1.5'"])
        #expect(diagnostics("const Z = 0\nstruct A { s: [u8; Z] }") == [
            "t.ipcdef:2:20: error: array length must be at least 1, found constant 'Z' (= 0)"
        ])
        #expect(diagnostics("const SIZE = 4\nstruct A { s: [u8; SIZ] }") == [
            "t.ipcdef:2:20: error: unknown constant 'SIZ' used as array length; did you mean 'SIZE'?"
        ])
    }

    @Test func overflowingSizesAreReported() {
        #expect(diagnostics("struct A { a: [[u64; 100000]; 100000] }") == [
            "t.ipcdef:1:12: error: array '[[u64; 100000]; 100000]' is larger than the maximum type size of "
                + "2147483647 bytes"
        ])
        #expect(diagnostics("struct A {\n  a: [u8; 2147483000]\n  b: [u8; 2147483000]\n}") == [
            "t.ipcdef:3:3: error: field 'b' makes 'A' larger than the maximum type size of 2147483647 bytes"
        ])
        #expect(diagnostics("struct A { a: [u8; 99999999999999999999] }") == [
            "t.ipcdef:1:20: error: integer literal '99999999999999999999' does not fit in 64 bits",
            "t.ipcdef:1:20: error: array length must be at least 1, found 0",
        ])
    }

    @Test func unterminatedStringsAndCommentsAndStrayCharacters() {
        #expect(diagnostics("struct S {\n  a: u8\n  /* never closed\n") == [
            "t.ipcdef:3:3: error: unterminated block comment",
            "t.ipcdef:4:1: error: expected '}' to close struct 'S'",
        ])
        #expect(diagnostics("service \"open {\n") == [
            "t.ipcdef:1:9: error: unterminated string literal",
            "t.ipcdef:1:16: error: expected '{' after the service name, found end of line",
        ])
        #expect(diagnostics("struct A {\n  a: u8 $\n}") == ["t.ipcdef:2:9: error: unexpected character '$'"])
        #expect(diagnostics("struct A {\n  a: u8 é\n}") == ["t.ipcdef:2:9: error: unexpected character U+E9"])
    }

    @Test func invalidIdentifiers() {
        #expect(diagnostics("struct 9Lives { a: u8 }") == [
            "t.ipcdef:1:8: error: '9Lives' is not a valid number or identifier; identifiers start with a letter or '_'",
            "t.ipcdef:1:8: error: expected struct name, found '0'",
        ])
        #expect(diagnostics("struct A { _padding0: u8 }") == [
            "t.ipcdef:1:12: error: field names starting with '_padding' are reserved for generated padding"
        ])
        #expect(diagnostics("struct u8 { a: u8 }") == ["t.ipcdef:1:8: error: 'u8' is a built-in type name and cannot be declared"])
    }

    @Test func attributesAreChecked() {
        #expect(diagnostics("@align(3)\nstruct A { a: u8 }") == [
            "t.ipcdef:1:1: error: '@align' takes one power of two from 1 to 4096, e.g. @align(64)"
        ])
        #expect(diagnostics("@align(8192)\nstruct A { a: u8 }") == [
            "t.ipcdef:1:1: error: '@align' takes one power of two from 1 to 4096, e.g. @align(64)"
        ])
        #expect(diagnostics("@aling(8)\nstruct A { a: u8 }") == [
            "t.ipcdef:1:1: error: unknown attribute '@aling'; did you mean '@align'?"
        ])
        #expect(diagnostics("@align(8)\nenum E: u8 { a = 1 }") == [
            "t.ipcdef:1:1: error: '@align' cannot be applied to enum 'E'"
        ])
    }

    @Test func cNameAttributeIsChecked() throws {
        let set = try load(
            "package p\n@c_name(\"Pose\")\nstruct A { a: u8 }\n@c_name(\"MODE_t\")\nenum E: u8 { a = 1 }")
        #expect(set.cNameAttribute(of: TypeID(package: ["p"], name: "A")) == "Pose")
        #expect(set.cNameAttribute(of: TypeID(package: ["p"], name: "E")) == "MODE_t")
        for bad in ["@c_name(\"2d\")", "@c_name(\"a-b\")", "@c_name(\"\")", "@c_name(3)", "@c_name"] {
            #expect(diagnostics("\(bad)\nstruct A { a: u8 }") == [
                "t.ipcdef:1:1: error: '@c_name' takes one quoted C identifier (letters, digits and '_', not starting "
                    + "with a digit), e.g. @c_name(\"Pose\")"
            ])
        }
        #expect(diagnostics("@c_name(\"A\")\nservice \"s\" { request: u8  response: u8 }") == [
            "t.ipcdef:1:1: error: '@c_name' cannot be applied to a service"
        ])
        #expect(diagnostics("@c_nam(\"A\")\nstruct A { a: u8 }") == [
            "t.ipcdef:1:1: error: unknown attribute '@c_nam'; did you mean '@c_name'?"
        ])
        // One C name per type: an attribute may not take another type's name.
        #expect(diagnostics("package p\nstruct B { a: u8 }\n@c_name(\"p_B\")\nstruct A { a: u8 }") == [
            "t.ipcdef:4:8: error: '@c_name(\"p_B\")' of 'p.A' is also the C name of 'p.B'; C headers need one name "
                + "per type",
            "t.ipcdef:2:8: note: 'p.B' is declared here",
        ])
    }

    @Test func servicesAreChecked() {
        #expect(diagnostics("service \"a\" {\n  request: u8\n}") == [
            "t.ipcdef:1:9: error: service \"a\" has no 'response'; write 'response: Type'"
        ])
        #expect(diagnostics("service \"\" { request: u8  response: u8 }") == [
            "t.ipcdef:1:9: error: a service name must not be empty"
        ])
        #expect(diagnostics("service \"a\" { request: u8  response: Nope }") == [
            "t.ipcdef:1:38: error: unknown type 'Nope'"
        ])
    }

    @Test func importsAreResolvedRelativeToTheImportingFile() {
        #expect(diagnostics("import \"missing.ipcdef\"\nstruct A { a: u8 }", path: "dir/t.ipcdef") == [
            "dir/t.ipcdef:1:8: error: cannot read 'dir/missing.ipcdef': No such file or directory"
        ])
    }

    @Test func severalErrorsAreReportedInOneRun() {
        let lines = diagnostics("struct A {\n  a: u33\n  b: String\n  c: [u8; 0]\n}\nenum E: u8 { x = 999 }")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy { $0.contains(": error: ") })
    }
}
