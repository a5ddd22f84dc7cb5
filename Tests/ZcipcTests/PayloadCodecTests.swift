import Definitions
import Testing
import ZeroCopyIPC
import ZeroCopyIPCTools

/// Payloads decoded and encoded field by field with only the recorded layout (Definitions/Inspect.ipcdef): bytes
/// written by generated Swift decode to every field, JSON encodes to bytes generated Swift reads back, and values
/// that do not fit name the field.
@Suite struct PayloadCodecTests {
    static let layout = try! LayoutDescription(parsing: Inspect_Telemetry.zeroCopyLayout.layoutDescription!)

    static func sample(source: Inspect_Source, limit: UInt32?) -> Inspect_Telemetry {
        Inspect_Telemetry(
            id: 42, valid: true, offset: -7, mode: .fault, rights: [.read, .admin],
            position: Inspect_Point(x: 1.5, y: -2), samples: [10, -20, 30], label: "héllo",
            trail: [Inspect_Point(x: 1, y: 2), Inspect_Point(x: 3, y: 4)], source: source, limit: limit, ratio: 0.25)
    }

    static func decode(_ value: Inspect_Telemetry) -> PayloadValue {
        withUnsafeBytes(of: value) { PayloadDecoder(layout: layout).decode($0) }
    }

    @Test func bytesWrittenBySwiftDecodeFieldByField() {
        let value = Self.decode(Self.sample(source: .point(Inspect_Point(x: 5, y: 6)), limit: 9))
        #expect(
            value.json == #"{"id":42,"valid":true,"offset":-7,"mode":"fault","rights":["read","admin"],"#
                + #""position":{"x":1.5,"y":-2.0},"samples":[10,-20,30],"label":"héllo","#
                + #""trail":[{"x":1.0,"y":2.0},{"x":3.0,"y":4.0}],"source":{"point":{"x":5.0,"y":6.0}},"limit":9,"#
                + #""ratio":0.25}"#)
        let other = Self.decode(Self.sample(source: .channel(3), limit: nil))
        #expect(other["source"] == .object([.init("channel", .integer(3))]))
        #expect(other["limit"] == .null)
        #expect(Self.decode(Self.sample(source: .none, limit: nil))["source"] == .object([.init("none", .null)]))
        var unknown = Self.sample(source: .none, limit: nil)
        unknown.source = Inspect_Source(.unknown(tag: 200))
        unknown.mode = Inspect_Mode(rawValue: 99)
        unknown.rights = Inspect_Rights(rawValue: 0x1 | 0x40)
        let decoded = Self.decode(unknown)
        #expect(decoded["source"] == .object([.init("unknown", .integer(200))]))
        #expect(decoded["mode"] == .integer(99))
        #expect(decoded["rights"] == .array([.string("read"), .integer(0x40)]))
    }

    @Test func jsonEncodesToBytesThatSwiftReadsBack() throws {
        let text =
            #"{"id":42,"valid":true,"offset":-7,"mode":"fault","rights":["read","admin"],"#
            + #""position":{"x":1.5,"y":-2},"samples":[10,-20,30],"label":"héllo","#
            + #""trail":[{"x":1,"y":2},{"x":3,"y":4}],"source":{"channel":3},"limit":null,"ratio":0.25}"#
        let bytes = try PayloadEncoder(layout: Self.layout).encode(JSONInput.parse(text))
        #expect(bytes.count == MemoryLayout<Inspect_Telemetry>.size)
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(as: Inspect_Telemetry.self) }
        #expect(value == Self.sample(source: .channel(3), limit: nil))
        let partial = try PayloadEncoder(layout: Self.layout, zeroFill: true).encode(
            JSONInput.parse(#"{"id":3,"limit":7}"#))
        let read = partial.withUnsafeBytes { $0.loadUnaligned(as: Inspect_Telemetry.self) }
        #expect(read.id == 3 && read.limit.value == 7 && read.label == "")
    }

    @Test(arguments: [
        (#"{"id": 5000000000}"#, "Telemetry.id: 5000000000 does not fit u32 (0...4294967295)"),
        (#"{"offset": 40000}"#, "Telemetry.offset: 40000 does not fit i16 (-32768...32767)"),
        (
            #"{"label": "much too long a label"}"#,
            "Telemetry.label: \"much too long a label\" is 21 bytes, string<12> holds at most 12"
        ),
        (
            #"{"mode": "broken"}"#,
            "Telemetry.mode: 'broken' is no case of inspect.Mode; its cases are idle, active, fault"
        ),
        (
            #"{"rights": ["exec"]}"#,
            "Telemetry.rights: 'exec' is no flag of inspect.Rights; its flags are read, write, admin"
        ),
        (#"{"samples": [1, 2]}"#, "Telemetry.samples: has 2 elements, [i32; 3] needs 3"),
        (#"{"trail": [{},{},{},{},{}]}"#, "Telemetry.trail: has 5 elements, vec<inspect.Point, 4> holds at most 4"),
        (#"{"position": {"z": 1}}"#, "Telemetry.position: inspect.Point has no field 'z'; its fields are x, y"),
        (
            #"{"source": {"square": 1}}"#,
            "Telemetry.source: 'square' is no case of inspect.Source; its cases are point, channel, none"
        ),
        (#"{"valid": 1}"#, "Telemetry.valid: expected true or false for bool"),
        (#"{"id": 1.5}"#, "Telemetry.id: expected an integer for u32"),
        (#"{"id": 1,"#, "the input is not valid JSON ({\"id\": 1,)"),
    ])
    func valuesThatDoNotFitNameTheField(json: String, message: String) {
        do {
            let input = try JSONInput.parse(json)
            _ = try PayloadEncoder(layout: Self.layout).encode(input)
            Issue.record("encoded \(json)")
        } catch {
            #expect(error.description == message)
        }
    }
}
