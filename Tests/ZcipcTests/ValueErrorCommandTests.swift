import Definitions
import Testing
import ZeroCopyIPC

/// Values that do not fit their field, given to `publish` and `call` in a real process: refused with the field
/// named and exit code 1, and nothing reaches the Swift peer.
@Suite struct ValueErrorCommandTests {
    static let full =
        #"{"id":1,"valid":true,"offset":0,"mode":"idle","rights":[],"position":{"x":0,"y":0},"#
        + #""samples":[0,0,0],"label":"","trail":[],"source":{"none":null},"ratio":0}"#

    /// `full` with one member replaced (or removed when `value` is nil).
    static func with(_ key: String, _ value: String?) -> String {
        var members = full.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            .map(String.init)
        // The members of `full` hold no commas inside values except position and samples, rebuilt whole.
        members = joinNested(members)
        members.removeAll { $0.hasPrefix("\"\(key)\":") }
        if let value { members.append("\"\(key)\":\(value)") }
        return "{" + members.joined(separator: ",") + "}"
    }

    private static func joinNested(_ parts: [String]) -> [String] {
        var result: [String] = []
        var depth = 0
        for part in parts {
            if depth > 0 { result[result.count - 1] += "," + part } else { result.append(part) }
            depth += part.filter { "[{".contains($0) }.count - part.filter { "]}".contains($0) }.count
        }
        return result
    }

    @Test(arguments: [
        (with("id", "4294967296"), "Telemetry.id: 4294967296 does not fit u32 (0...4294967295)"),
        (with("offset", "-40000"), "Telemetry.offset: -40000 does not fit i16 (-32768...32767)"),
        (
            with("label", #""thirteen byte""#),
            #"Telemetry.label: "thirteen byte" is 13 bytes, string<12> holds at most 12"#
        ),
        (with("valid", #""yes""#), "Telemetry.valid: expected true or false for bool"),
        (
            with("mode", #""broken""#),
            "Telemetry.mode: 'broken' is no case of inspect.Mode; its cases are idle, active, fault"
        ),
        (with("position", #"{"x":1}"#), "Telemetry.position.y: missing; the recorded layout has no defaults"),
        (with("position", #"{"x":1,"y":2,"z":3}"#), "Telemetry.position: inspect.Point has no field 'z'"),
        (
            with("ratio", nil),
            "Telemetry.ratio: missing; the recorded layout has no defaults, so give every field (or --zero-fill for zeros)"
        ),
        (#"{"id":1}"#, "Telemetry: missing fields Telemetry.valid, Telemetry.offset, Telemetry.mode"),
        (
            with("trail", #"[{"x":1,"y":1},{"x":1,"y":1},{"x":1,"y":1},{"x":1,"y":1},{"x":1,"y":1}]"#),
            "Telemetry.trail: has 5 elements, vec<inspect.Point, 4> holds at most 4"
        ),
        (with("source", #"{"none":5}"#), #"Telemetry.source: case 'none' of inspect.Source carries no value"#),
        (#"{"id": 1,"#, "the input is not valid JSON"),
    ])
    func publishRefusesAValueThatDoesNotFitNamingTheField(json: String, message: String) async throws {
        let bed = ToolBed()
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("telemetry-subscriber").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName(Inspect_TelemetryStream.name))
                .publishSubscribe(Inspect_Telemetry.self).userHeader(Inspect_Rights.self).create()
            let subscriber = try service.subscriberBuilder().create()
            result = try await zcipc(
                ["service", "publish", Inspect_TelemetryStream.name, json, "--header", "[]"], bed)
            #expect(try subscriber.receive() == nil, "nothing was sent")
            #expect(service.numberOfPublishers == 0)
        }
        #expect(result.exitCode == 1, "\(result)")
        #expect(result.errors.hasPrefix("zcipc: error: " + message), "\(result)")
        #expect(bed.leftovers == [])
    }

    @Test func zeroFillSendsOmittedFieldsAsZeroAndAMissingUserHeaderIsNamed() async throws {
        let bed = ToolBed()
        var received: Inspect_Telemetry?
        let missingHeader: ToolResult
        let zeroFilled: ToolResult
        let wrongPattern: ToolResult
        let callRefused: ToolResult
        do {
            let node = try NodeBuilder().name("telemetry-subscriber").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName(Inspect_TelemetryStream.name))
                .publishSubscribe(Inspect_Telemetry.self).userHeader(Inspect_Rights.self).create()
            let subscriber = try service.subscriberBuilder().create()
            missingHeader = try await zcipc(["service", "publish", Inspect_TelemetryStream.name, Self.full], bed)
            let tool = RunningTool(
                ["service", "publish", Inspect_TelemetryStream.name, #"{"id":5,"label":"z"}"#, "--zero-fill"], bed)
            try await eventually("the zero-filled sample") {
                if let sample = try subscriber.receive() { received = sample.payload }
                return received != nil || tool.isFinished
            }
            zeroFilled = try await tool.result
            wrongPattern = try await zcipc(["service", "call", Inspect_TelemetryStream.name, "{}"], bed)
            let echo = try node.serviceBuilder(ServiceName(Inspect_TelemetryEcho.name))
                .requestResponse(Inspect_Telemetry.self, Inspect_Telemetry.self).create()
            callRefused = try await zcipc(
                ["service", "call", Inspect_TelemetryEcho.name, Self.with("samples", "[1,2]"), "--timeout", "30"], bed)
            #expect(echo.numberOfClients == 0)
        }
        #expect(missingHeader.exitCode == 1, "\(missingHeader)")
        #expect(
            missingHeader.errors.contains(
                "user header: the service's messages carry a user header of type inspect.Rights; give it with --header"),
            "\(missingHeader)")
        #expect(zeroFilled.exitCode == 0, "\(zeroFilled)")
        var expected = Inspect_Telemetry()
        expected.id = 5
        expected.label = "z"
        #expect(received == expected)
        #expect(wrongPattern.exitCode == 2, "\(wrongPattern)")
        #expect(
            wrongPattern.errors.contains(
                "no request-response service 'inspect/telemetry'; it exists as a publish-subscribe service"),
            "\(wrongPattern)")
        #expect(callRefused.exitCode == 1, "\(callRefused)")
        #expect(callRefused.errors.contains("Telemetry.samples: has 2 elements, [i32; 3] needs 3"), "\(callRefused)")
        #expect(bed.leftovers == [])
    }
}
