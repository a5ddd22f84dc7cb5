import Definitions
import Foundation
import ProcessCapture
import Testing
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service subscribe | publish | hz` as separate processes against Swift peers in the test process, on the
/// services of Definitions/Inspect.ipcdef: the tool has only the layouts the services recorded.
@Suite struct PublishSubscribeCommandTests {
    static let stream = Inspect_TelemetryStream.name

    /// Three samples that use every field kind: each union case, an optional set and empty, flags with an unknown
    /// bit, an enum value no case names, an empty and a full vector, f32 values that are not exact in binary.
    static let samples: [(Inspect_Telemetry, Inspect_Rights)] = {
        var first = Inspect_Telemetry(
            id: 42, valid: true, offset: -7, mode: .fault, rights: [.read, .admin],
            position: Inspect_Point(x: 0.1, y: -2), samples: [10, -20, 30], label: "héllo",
            trail: [Inspect_Point(x: 1, y: 2), Inspect_Point(x: 3.5, y: 4)], source: .point(Inspect_Point(x: 5, y: 6)),
            limit: 9, ratio: 0.25)
        var second = Inspect_Telemetry(
            id: 4_294_967_295, valid: false, offset: -32768, mode: .idle, rights: [],
            position: Inspect_Point(x: 0, y: 0),
            samples: [0, 0, -2_147_483_648], label: "twelve bytes", trail: [], source: .channel(65535), limit: nil,
            ratio: -1e-3)
        var third = second
        third.id = 3
        third.mode = Inspect_Mode(rawValue: 99)
        third.rights = Inspect_Rights(rawValue: 0x2 | 0x40)
        third.source = Inspect_Source(.none)
        third.trail = [
            Inspect_Point(x: 1, y: 1), Inspect_Point(x: 2, y: 2), Inspect_Point(x: 3, y: 3), Inspect_Point(x: 4, y: 4),
        ]
        third.label = ""
        return [(first, [.write]), (second, [.read, .admin]), (third, [])]
    }()

    /// What the tool must print for ``samples``, written by hand.
    static let expected: [(payload: String, header: String)] = [
        (
            #"{"id":42,"valid":true,"offset":-7,"mode":"fault","rights":["read","admin"],"position":{"x":0.1,"y":-2},"#
                + #""samples":[10,-20,30],"label":"héllo","trail":[{"x":1,"y":2},{"x":3.5,"y":4}],"#
                + #""source":{"point":{"x":5,"y":6}},"limit":9,"ratio":0.25}"#,
            #"["write"]"#
        ),
        (
            #"{"id":4294967295,"valid":false,"offset":-32768,"mode":"idle","rights":[],"position":{"x":0,"y":0},"#
                + #""samples":[0,0,-2147483648],"label":"twelve bytes","trail":[],"source":{"channel":65535},"#
                + #""limit":null,"ratio":-0.001}"#,
            #"["read","admin"]"#
        ),
        (
            #"{"id":3,"valid":false,"offset":-32768,"mode":99,"rights":["write",64],"position":{"x":0,"y":0},"#
                + #""samples":[0,0,-2147483648],"label":"","#
                + #""trail":[{"x":1,"y":1},{"x":2,"y":2},{"x":3,"y":3},{"x":4,"y":4}],"source":{"none":null},"#
                + #""limit":null,"ratio":-0.001}"#,
            "[]"
        ),
    ]

    @Test func subscribeDecodesEveryFieldKindAndTheUserHeaderOfASwiftPublisher() async throws {
        let bed = ToolBed()
        let result: ToolResult
        var publisherId: UInt64 = 0
        do {
            let node = try NodeBuilder().name("telemetry-publisher").config(bed.config).create()
            // Room for all three samples: with the default buffer of 2, safe overflow would let the third replace
            // the first if zcipc had not taken it yet.
            let service = try node.serviceBuilder(ServiceName(Self.stream)).publishSubscribe(Inspect_Telemetry.self)
                .userHeader(Inspect_Rights.self).subscriberMaxBufferSize(8).create()
            let publisher = try service.publisherBuilder().create()
            publisherId = publisher.id
            let tool = RunningTool(
                ["service", "subscribe", Self.stream, "--json", "--count", "3", "--timeout", "120"], bed)
            try await eventually("zcipc's subscriber") { service.numberOfSubscribers == 1 || tool.isFinished }
            for (value, rights) in Self.samples {
                let sample = try publisher.loan()
                sample.payload = value
                let written: Void? = sample.withUserHeader(as: Inspect_Rights.self) { $0 = rights }
                try #require(written != nil)
                sample.send()
            }
            result = try await tool.result
            #expect(service.numberOfSubscribers == 0, "zcipc's subscriber went away with it")
        }
        #expect(result.exitCode == 0, "\(result)")
        let lines = try jsonLines(result)
        try #require(lines.count == 3, "\(result)")
        for (index, line) in lines.enumerated() {
            try expectFields(line["payload"], Self.expected[index].payload, "sample \(index)")
            try expectFields(line["userHeader"], Self.expected[index].header, "user header \(index)")
            #expect(line["publisher"] == .string(Inventory.hex(publisherId)))
            #expect(line["sequence"] == .number(Double(index)))
        }
        #expect(bed.leftovers == [], "nothing left in /dev/shm or the root folder")
    }

    @Test func subscribePrintsTextFieldByFieldAndEndsWithExitCode3WhenTooFewArrive() async throws {
        let bed = ToolBed()
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("telemetry-publisher").config(bed.config).create()
            // The one sample waits in the history, and a thread of its own hands it to zcipc's subscriber as soon as
            // it connects (a loaded machine may not run this test's task within the tool's timeout); the second
            // never comes.
            let service = try node.serviceBuilder(ServiceName(Self.stream)).publishSubscribe(Inspect_Telemetry.self)
                .userHeader(Inspect_Rights.self).historySize(1).create()
            let publisher = try service.publisherBuilder().create()
            let sample = try publisher.loan()
            sample.payload = Self.samples[0].0
            let written: Void? = sample.withUserHeader(as: Inspect_Rights.self) { $0 = [.write] }
            try #require(written != nil)
            sample.send()
            let tool = RunningTool(["service", "subscribe", Self.stream, "--count", "2", "--timeout", "3"], bed)
            nonisolated(unsafe) let historyKeeper = publisher
            let connected = OwnThread { () throws -> Bool in
                var reached = false
                while !tool.isFinished {
                    historyKeeper.updateConnections()  // delivers the history to a subscriber that connected
                    reached = reached || historyKeeper.numberOfSubscribers > 0
                    usleep(1000)
                }
                return reached
            }
            result = try await tool.result
            #expect(try await connected.value)
        }
        #expect(result.exitCode == 3, "\(result)")
        #expect(result.errors.contains("1 of 2 samples arrived within --timeout 3"), "\(result)")
        for line in [
            "  user header: [\"write\"]", "  id: 42", "  label: \"héllo\"", "  position:", "    x: 0.1",
            "  source:", "    point:", "  limit: 9",
        ] {
            #expect(result.output.contains(line + "\n"), "missing '\(line)' in \(result)")
        }
        #expect(bed.leftovers == [])
    }

    @Test func publishReachesASwiftSubscriberWithExactlyTheGivenValues() async throws {
        let bed = ToolBed()
        let json =
            #"{"id":42,"valid":true,"offset":-7,"mode":"fault","rights":["read","admin"],"#
            + #""position":{"x":0.1,"y":-2},"samples":[10,-20,30],"label":"héllo","#
            + #""trail":[{"x":1,"y":2},{"x":3.5,"y":4}],"source":{"point":{"x":5,"y":6}},"limit":9,"ratio":0.25}"#
        var received: [(Inspect_Telemetry, Inspect_Rights?)] = []
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("telemetry-subscriber").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName(Self.stream)).publishSubscribe(Inspect_Telemetry.self)
                .userHeader(Inspect_Rights.self).subscriberMaxBufferSize(8).create()
            let subscriber = try service.subscriberBuilder().create()
            // --linger: the tool stays until this subscriber took both samples, however late this task runs (a
            // publisher that left before its subscriber first looked would take the queued samples with it).
            let tool = RunningTool(
                ["service", "publish", Self.stream, json, "--header", #"["write"]"#, "--repeat", "2", "--json",
                 "--linger", "120"], bed)
            try await eventually("two samples") {
                while let sample = try subscriber.receive() {
                    received.append((sample.payload, sample.userHeader(as: Inspect_Rights.self)))
                }
                return received.count >= 2 || tool.isFinished
            }
            result = try await tool.result
            while let sample = try subscriber.receive() {
                received.append((sample.payload, sample.userHeader(as: Inspect_Rights.self)))
            }
        }
        #expect(result.exitCode == 0, "\(result)")
        try expectFields(try jsonLines(result).first, #"{"sent":2,"subscribers":1}"#, "publish's report")
        #expect(received.count == 2)
        for (value, header) in received {
            #expect(value == Self.samples[0].0)
            #expect(header == [.write])
        }
        #expect(bed.leftovers == [])
    }

    @Test func slicesDecodeAsTheirElementTypeAndBytesAsHexBothWays() async throws {
        let bed = ToolBed()
        let subscribed: ToolResult
        let bytesSubscribed: ToolResult
        var points: [Inspect_Point] = []
        var bytes: [UInt8] = []
        let badElement: ToolResult
        let oddHex: ToolResult
        do {
            let node = try NodeBuilder().name("slice-peer").config(bed.config).create()
            let pointService = try node.serviceBuilder(ServiceName("inspect/points"))
                .publishSubscribe([Inspect_Point].self).create()
            let byteService = try node.serviceBuilder(ServiceName("inspect/bytes")).publishSubscribe([UInt8].self)
                .create()
            let pointPublisher = try pointService.publisherBuilder().initialMaxSliceLen(8).create()
            let bytePublisher = try byteService.publisherBuilder().initialMaxSliceLen(8).create()

            let pointTool = RunningTool(["service", "subscribe", "inspect/points", "--json", "--count", "1"], bed)
            let byteTool = RunningTool(["service", "subscribe", "inspect/bytes", "--json", "--count", "1"], bed)
            try await eventually("zcipc's subscribers") {
                (pointService.numberOfSubscribers == 1 || pointTool.isFinished)
                    && (byteService.numberOfSubscribers == 1 || byteTool.isFinished)
            }
            try pointPublisher.sendCopy([
                Inspect_Point(x: 1, y: 2), Inspect_Point(x: -0.5, y: 3), Inspect_Point(x: 0, y: 7),
            ])
            try bytePublisher.sendCopy([0x00, 0x7f, 0x80, 0xff, 0x10])
            subscribed = try await pointTool.result
            bytesSubscribed = try await byteTool.result

            // The other way: a Swift subscriber receives what `publish` sends.
            let pointSubscriber = try pointService.subscriberBuilder().create()
            let byteSubscriber = try byteService.subscriberBuilder().create()
            // --linger: each tool stays until this test's subscriber took its sample, however late this task runs.
            let pointPublish = RunningTool(
                ["service", "publish", "inspect/points", #"[{"x":9,"y":8},{"x":0.25,"y":-1}]"#, "--linger", "120"],
                bed)
            let bytePublish = RunningTool(
                ["service", "publish", "inspect/bytes", #"{"hex":"cafe01"}"#, "--linger", "120"], bed)
            try await eventually("the published slices") {
                if let sample = try pointSubscriber.receive() { points = sample.copyPayload() }
                if let sample = try byteSubscriber.receive() { bytes = sample.copyPayload() }
                return (!points.isEmpty || pointPublish.isFinished) && (!bytes.isEmpty || bytePublish.isFinished)
            }
            #expect(try await pointPublish.result.exitCode == 0)
            #expect(try await bytePublish.result.exitCode == 0)
            badElement = try await zcipc(
                ["service", "publish", "inspect/points", #"[{"x":1,"y":1},{"x":"a","y":1}]"#], bed)
            oddHex = try await zcipc(["service", "publish", "inspect/bytes", #"{"hex":"abc"}"#], bed)
            #expect(try pointSubscriber.receive() == nil && byteSubscriber.receive() == nil, "nothing was sent")
        }
        #expect(
            badElement.exitCode == 1 && badElement.errors.contains("payload[1].x: expected a number for f32"),
            "\(badElement)")
        #expect(oddHex.exitCode == 1 && oddHex.errors.contains("has an odd number of hex digits"), "\(oddHex)")
        #expect(subscribed.exitCode == 0, "\(subscribed)")
        try expectFields(
            try jsonLines(subscribed).first?["payload"], #"[{"x":1,"y":2},{"x":-0.5,"y":3},{"x":0,"y":7}]"#,
            "point slice")
        #expect(bytesSubscribed.exitCode == 0, "\(bytesSubscribed)")
        try expectFields(try jsonLines(bytesSubscribed).first?["payload"], #"{"length":5,"hex":"007f80ff10"}"#, "bytes")
        #expect(points == [Inspect_Point(x: 9, y: 8), Inspect_Point(x: 0.25, y: -1)])
        #expect(bytes == [0xca, 0xfe, 0x01])
        #expect(bed.leftovers == [])
    }

    @Test func hzReportsTheRateOfASwiftPublisher() async throws {
        let bed = ToolBed()
        let result: ToolResult
        do {
            let node = try NodeBuilder().name("rate-publisher").config(bed.config).create()
            let service = try node.serviceBuilder(ServiceName("inspect/rate")).publishSubscribe(UInt64.self).create()
            let publisher = try service.publisherBuilder().create()
            let tool = RunningTool(
                ["service", "hz", "inspect/rate", "--window", "0.5", "--count", "2", "--json", "--timeout", "120"], bed)
            // A thread of its own publishes from the start (the samples reach zcipc once it subscribed): this test's
            // task may get no thread of the pool for whole windows while the suite runs.
            nonisolated(unsafe) let sender = publisher
            let sent = OwnThread { () throws -> UInt64 in
                var value: UInt64 = 0
                while !tool.isFinished {
                    _ = try sender.sendCopy(value)
                    value += 1
                    usleep(2000)
                }
                return value
            }
            result = try await tool.result
            #expect(try await sent.value > 0)
        }
        #expect(result.exitCode == 0, "\(result)")
        let reports = try jsonLines(result)
        #expect(reports.count == 2, "\(result)")
        // The sending thread may still get no CPU for a whole window while other builds load both cores, so one
        // window with samples is what a loaded run can promise.
        for report in reports { #expect(report["window"] == .number(0.5), "\(report)") }
        let counted = reports.filter { ($0["samples"]?.number ?? 0) > 0 }
        #expect(!counted.isEmpty, "\(reports)")
        for report in counted {
            #expect((report["rate"]?.number ?? 0) > 0, "\(report)")
            #expect(report["publishers"] == .number(1), "\(report)")
        }
        #expect(bed.leftovers == [])
    }
}
