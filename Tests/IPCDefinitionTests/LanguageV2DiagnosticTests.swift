import IPCDefinition
import Testing

/// The error classes of unions, optionals, flags, defaults, aliases, constant expressions and services, each with
/// its exact message and position.
@Suite("Diagnostics of language version 2")
struct LanguageV2DiagnosticTests {
    @Test func unions() {
        #expect(diagnostics("union U: f32 {\n  a: u8\n}") == [
            "t.ipcdef:1:10: error: the tag of union 'U' must be an integer type (u8, u16, u32, u64, i8, i16, i32, "
                + "i64), found 'f32'"
        ])
        #expect(diagnostics("union U {\n  a\n  b\n}") == [
            "t.ipcdef:1:7: error: union 'U' has no case with a payload; use an enum instead"
        ])
        #expect(diagnostics("union U {\n  a: u8\n  a: u16\n}") == [
            "t.ipcdef:3:3: error: duplicate case 'a' in union 'U'",
            "t.ipcdef:2:3: note: 'a' was first declared here",
        ])
        #expect(diagnostics("union U {\n  unknown: u8\n}") == [
            "t.ipcdef:2:3: error: case name 'unknown' is reserved: the generated Swift reads a tag no case names as "
                + "'.unknown'; choose another name"
        ])
        #expect(diagnostics("union U {\n  a: Missing\n}") == ["t.ipcdef:2:6: error: unknown type 'Missing'"])
    }

    @Test func optionals() {
        #expect(diagnostics("struct A {\n  o: optional<optional<u8>>\n}") == [
            "t.ipcdef:2:6: error: 'optional<optional<T>>' is not supported; use 'optional<T>', or a union for more states"
        ])
    }

    @Test func defaultsOfTheWrongTypeOrOutOfRange() {
        #expect(diagnostics("struct A {\n  rate: f32 = \"fast\"\n}") == [
            "t.ipcdef:2:15: error: default value \"fast\" does not fit field 'rate' of type 'f32'; write a number "
                + "such as 30.0"
        ])
        #expect(diagnostics("struct A {\n  n: u8 = 300\n}") == [
            "t.ipcdef:2:11: error: default value 300 of field 'n' is out of range for 'u8' (0...255)"
        ])
        #expect(diagnostics("struct A {\n  n: u8 = -1\n}") == [
            "t.ipcdef:2:11: error: default value -1 of field 'n' is out of range for 'u8' (0...255)"
        ])
        #expect(diagnostics("struct A {\n  on: bool = 1\n}") == [
            "t.ipcdef:2:14: error: default value 1 does not fit field 'on' of type 'bool'; write true or false"
        ])
        #expect(diagnostics("struct A {\n  s: string<4> = \"too long\"\n}") == [
            "t.ipcdef:2:18: error: default of field 's' is 8 bytes long; 'string<4>' holds at most 4"
        ])
        #expect(diagnostics("enum M: u8 {\n  idle = 0\n  running = 1\n}\nstruct A {\n  m: M = runing\n}") == [
            "t.ipcdef:6:10: error: unknown case 'runing' of enum 'M' in the default of field 'm'; did you mean "
                + "'running'?"
        ])
        #expect(diagnostics("enum M: u8 {\n  a = 0\n  b = 1\n}\nstruct A {\n  m: M = a | b\n}") == [
            "t.ipcdef:6:10: error: default value a | b does not fit field 'm' of type 'M'; write one of its cases; "
                + "only flags combine with '|'"
        ])
        #expect(diagnostics("struct A {\n  v: [u8; 2] = 1\n}") == [
            "t.ipcdef:2:16: error: field 'v' of type '[u8; 2]' cannot have a default; defaults are for numbers, "
                + "bool, string<N>, enums, flags and optionals (a struct's fields have their own defaults)"
        ])
        #expect(diagnostics("struct A {\n  o: optional<u8> = 256\n}") == [
            "t.ipcdef:2:21: error: default value 256 of field 'o' is out of range for 'u8' (0...255)"
        ])
    }

    @Test func constantExpressions() throws {
        let model = try load("const W = 640\nconst H = 480\nconst FRAME = W * H * 4\nconst MASK = (1 << 12) - 1 % 7\n"
            + "const KB = FRAME / 1024\nstruct A { b: [u8; KB] }")
        #expect(model.files[0].constants.map(\.value) == [640, 480, 1_228_800, 4095, 1200])
        #expect(model.structures.values.first!.layout.size == 1200)
        #expect(diagnostics("const A = 18446744073709551615 + 1") == [
            "t.ipcdef:1:32: error: constant expression overflows: 18446744073709551615 + 1 is outside the 64-bit "
                + "range (-9223372036854775808...18446744073709551615)"
        ])
        #expect(diagnostics("const A = 1 << 64") == [
            "t.ipcdef:1:13: error: shift by 64 in constant expression (1 << 64); shifts must be 0 to 63"
        ])
        #expect(diagnostics("const A = 4 / (2 - 2)") == [
            "t.ipcdef:1:13: error: division by zero in constant expression (4 / 0)"
        ])
        #expect(diagnostics("const A = B + 1\nconst B = A") == [
            "t.ipcdef:1:7: error: constant 'A' depends on itself (A → B → A)"
        ])
        #expect(diagnostics("const A = WIDHT * 2\nconst WIDTH = 3") == [
            "t.ipcdef:1:11: error: unknown constant 'WIDHT' in constant expression; did you mean 'WIDTH'?"
        ])
    }

    @Test func expressionsInCapacitiesCaseValuesAndExponentsInDefaults() throws {
        let model = try load("const N = 3\nconst SHIFT = 2\nflags F: u8 {\n  a = 1 << 0\n  b = 1 << SHIFT\n  ab = 0x1 | 0x4\n}\n"
            + "struct A {\n  v: [u8; N * 2 + 1]\n  w: vec<u16, (N + 1) << 1>\n  x: optional<vec<u8, 4>>\n  r: f64 = 1.5e-3\n"
            + "  s: f32 = 2e3\n}")
        #expect(model.enumerations.values.first!.cases.map(\.value) == [1, 4, 5])
        let fields = model.structures.values.first!.fields
        #expect(fields[0].type == .array(element: .primitive(.u8), count: 7))
        #expect(fields[1].type == .vector(element: .primitive(.u16), capacity: 8))
        #expect(fields[3].defaultValue == .number("1.5e-3"))
        #expect(fields[4].defaultValue == .number("2e3"))
        #expect(diagnostics("const N = 2\nstruct A { v: [u8; N - 3] }") == [
            "t.ipcdef:2:20: error: array length must be at least 1, found -1"
        ])
    }

    @Test func aliases() throws {
        let model = try load("type Meters = f64\ntype Path = [Meters; 3]\nstruct A { p: Path }")
        #expect(model.structures.values.first!.fields[0].type == .array(element: .primitive(.f64), count: 3))
        #expect(diagnostics("type A = B\ntype B = A\nstruct S { a: A }") == [
            "t.ipcdef:1:6: error: type alias 'A' refers to itself (A → B → A)",
            "t.ipcdef:2:6: error: type alias 'B' refers to itself (B → A → B)",
        ])
    }

    @Test func servicesOfEveryPattern() throws {
        let model = try load("struct H { a: u8 }\nservice Frames \"cam/frames\" publish_subscribe { payload: [u8]  "
            + "user_header: H }\nservice Ready \"robot/ready\" event\n"
            + "service \"a/b\" { request: u8  response: u8  request_header: H  response_header: u64 }")
        let services = model.files[0].services
        #expect(services.map(\.pattern) == [.publishSubscribe, .event, .requestResponse])
        #expect(services[0].userHeader == .structure(TypeID(package: [], name: "H")))
        #expect(services[2].responseHeader == .primitive(.u64))
        #expect(diagnostics("service \"a\" publish_subscribe { request: u8 }") == [
            "t.ipcdef:1:9: error: service \"a\" has no 'payload'; write 'payload: Type'",
            "t.ipcdef:1:33: error: a publish_subscribe service has no 'request'; it has 'payload', 'user_header'",
        ])
        #expect(diagnostics("service \"a\" pub_sub { payload: u8 }") == [
            "t.ipcdef:1:13: error: unknown messaging pattern 'pub_sub'; write 'request_response', "
                + "'publish_subscribe' or 'event'"
        ])
        #expect(diagnostics("service \"a\" { request: u8  response: u8  request_header: [u8] }") == [
            "t.ipcdef:1:42: error: 'request_header' must be a type, not a slice; a user header has a fixed size"
        ])
    }

    @Test func flags() throws {
        let model = try load("flags P: u32 {\n  read = 0x1\n  write = 0x2\n}\nstruct A { p: P = read | write }")
        #expect(model.enumerations.values.first!.isFlags)
        #expect(model.structures.values.first!.fields[0].defaultValue == .flags(["read", "write"]))
        #expect(diagnostics("flags P: f32 {\n  read = 1\n}") == [
            "t.ipcdef:1:10: error: the type of enum 'P' must be an integer type (u8, u16, u32, u64, i8, i16, i32, "
                + "i64), found 'f32'"
        ])
    }
}
