import Definitions
import Foundation
import Glibc
import ProcessCapture
import Testing
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service call` against a Swift server, `listen` and `notify` against Swift event ports, and Ctrl-C.
@Suite struct CallAndEventCommandTests {
    static let echo = Inspect_TelemetryEcho.name

    @Test func callPrintsEveryResponseOfTheStreamWithItsUserHeader() async throws {
        let bed = ToolBed()
        let request =
            #"{"id":7,"valid":true,"offset":1,"mode":"active","rights":["read"],"position":{"x":1,"y":2},"#
            + #""samples":[1,2,3],"label":"abc","trail":[],"source":{"channel":4},"limit":null,"ratio":2.5}"#
        var served: Inspect_Telemetry?
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("echo-server").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName(Self.echo))
                .requestResponse(Inspect_Telemetry.self, Inspect_Telemetry.self)
                .responseUserHeader(Inspect_Rights.self).maxResponseBufferSize(8).create()  // room for all three
            let server = try service.serverBuilder().create()
            let tool = RunningTool(["service", "call", Self.echo, request, "--json", "--timeout", "120"], bed)
            try await eventually("the request") {
                guard let active = server.receive() else { return tool.isFinished }
                var answer = active.payload
                served = answer
                // Three responses: id + 1000, + 1001, + 1002, the label reversed; dropping `active` ends the stream.
                for step in 0..<3 {
                    answer.id = active.payload.id + 1000 + UInt32(step)
                    answer.label = FixedString(String(active.payload.label.stringValue.reversed()))!
                    let response = try active.loan()
                    response.payload = answer
                    let written: Void? = response.withUserHeader(as: Inspect_Rights.self) { $0 = step == 0 ? [.admin] : [] }
                    try #require(written != nil)
                    try response.send()
                }
                return true
            }
            result = try await tool.result
        }
        #expect(
            served?.id == 7 && served?.label == "abc" && served?.source == .channel(4), "\(String(describing: served))")
        #expect(result.exitCode == 0, "\(result)")
        let lines = try jsonLines(result)
        try #require(lines.count == 3, "\(result)")
        for (step, line) in lines.enumerated() {
            let expected = request.replacingOccurrences(of: #""id":7"#, with: "\"id\":\(1007 + step)")
                .replacingOccurrences(of: #""label":"abc""#, with: #""label":"cba""#)
            try expectFields(line["payload"], expected, "response \(step)")
            try expectFields(line["userHeader"], step == 0 ? #"["admin"]"# : "[]", "user header \(step)")
        }
        #expect(bed.leftovers == [])
    }

    @Test func callEndsWithExitCode3WhenTheStreamDoesNotEndInTime() async throws {
        let bed = ToolBed()
        let request = #"{"id":1}"#
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("slow-server").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName(Self.echo))
                .requestResponse(Inspect_Telemetry.self, Inspect_Telemetry.self).create()
            let server = try service.serverBuilder().create()
            let tool = RunningTool(["service", "call", Self.echo, request, "--zero-fill", "--timeout", "2"], bed)
            // A thread of its own answers at once, however long this test's task waits for a thread of the pool.
            nonisolated(unsafe) let answering = server
            let answered = OwnThread { () throws -> Bool in
                guard let active = answering.receive(timeout: .seconds(120)) else { return false }
                // One response, and the stream stays open while `active` lives.
                try active.sendCopy(active.payload)
                while !tool.isFinished { usleep(10_000) }
                _ = consume active
                return true
            }
            result = try await tool.result
            #expect(try await answered.value, "no request: \(result)")
        }
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.output.contains("response 1 from server"), "\(result)")
        #expect(result.errors.contains("the response stream had not ended within --timeout 2"), "\(result)")
        #expect(bed.leftovers == [])
    }

    @Test func listenPrintsTheIdsSwiftNotifiersSendAndNotifyReachesASwiftListener() async throws {
        let bed = ToolBed()
        let listened: ToolResult
        let notified: ToolResult
        let tooLarge: ToolResult
        let quiet: ToolResult
        var ids: [Int] = []
        do {
            let node = try NodeBuilder().name("event-peer").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("inspect/events")).event().eventIdMaxValue(63)
                .disableNotifierCreatedEvent().disableNotifierDroppedEvent().create()
            let notifier = try service.notifierBuilder().create()
            let tool = RunningTool(
                ["service", "listen", "inspect/events", "--count", "2", "--json", "--timeout", "120"], bed)
            try await eventually("zcipc's listener") { service.numberOfListeners == 1 || tool.isFinished }
            _ = try notifier.notify(eventId: EventId(7))
            _ = try notifier.notify(eventId: EventId(3))
            listened = try await tool.result

            let listener = try service.listenerBuilder().create()
            let details = try await zcipc(["service", "details", "inspect/events", "--json"], bed)
            let report = try details.json(ServiceReport.self)
            #expect(report.pattern == "event" && report.payloads.isEmpty, "\(details)")
            #expect(report.counts == ["notifiers": 1, "listeners": 1, "nodes": 1], "\(details)")
            #expect(report.ports.map(\.kind) == ["notifier", "listener"], "\(details)")
            #expect(report.limits["event-id-max-value"] == "63" && report.limits["notifier-created-event"] == "none")
            notified = try await zcipc(["service", "notify", "inspect/events", "--event-id", "42"], bed)
            ids = listener.timedWait(.seconds(120)).map(\.value)
            tooLarge = try await zcipc(["service", "notify", "inspect/events", "--event-id", "64"], bed)
            #expect(listener.tryWait().isEmpty, "an id out of range sends nothing")
            quiet = try await zcipc(["service", "listen", "inspect/events", "--timeout", "0.3"], bed)
        }
        #expect(listened.exitCode == 0, "\(listened)")
        // One wake hands both ids over in ascending order, two wakes in the order sent: either is right.
        let heard = Set(try jsonLines(listened).map { "\($0)" })
        let sent = Set([try JSON(parsing: #"{"eventId":3}"#), try JSON(parsing: #"{"eventId":7}"#)].map { "\($0)" })
        #expect(try jsonLines(listened).count == 2)
        #expect(heard == sent)
        #expect(notified.exitCode == 0, "\(notified)")
        #expect(notified.output.contains("the last reached 1 listener"), "\(notified)")
        #expect(ids == [42])
        #expect(tooLarge.exitCode == 1, "\(tooLarge)")
        #expect(tooLarge.errors.contains("--event-id 64 is outside the ids of 'inspect/events', 0...63"), "\(tooLarge)")
        #expect(quiet.exitCode == 3, "\(quiet)")
        #expect(bed.leftovers == [])
    }

    @Test func ctrlCEndsSubscribeCleanlyAndItsPortAndNodeGo() async throws {
        let bed = ToolBed()
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("telemetry-publisher").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName(Inspect_TelemetryStream.name))
                .publishSubscribe(Inspect_Telemetry.self).userHeader(Inspect_Rights.self).create()
            let inventory = Inventory(config: bed.config)
            let tool = RunningTool(["service", "subscribe", Inspect_TelemetryStream.name], bed)
            try await eventually("zcipc's subscriber") { service.numberOfSubscribers == 1 || tool.isFinished }
            let toolNode = try #require(inventory.nodes().first { $0.name == "zcipc" }, "\(inventory.nodes())")
            #expect(toolNode.state == "alive" && toolNode.services == [Inspect_TelemetryStream.name])
            kill(try #require(toolNode.pid), SIGINT)
            result = try await tool.result
            #expect(service.numberOfSubscribers == 0)
            #expect(!inventory.nodes().contains { $0.name == "zcipc" }, "zcipc's node went with it")
            withExtendedLifetime(node) {}
        }
        #expect(result.exitCode == 0, "\(result)")
        #expect(bed.leftovers == [])
    }
}
