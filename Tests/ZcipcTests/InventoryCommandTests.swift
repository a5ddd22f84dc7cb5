import Definitions
import Foundation
import Testing
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc node`, `service` and `cleanup` against a real process holding services of every port kind
/// (the test helper's `inspect-hold`), with the JSON parsed and compared field by field.
@Suite struct InventoryCommandTests {
    @Test func nodeAndServiceListingsReportTheRunningProcessExactly() async throws {
        let bed = ToolBed()
        try await withKilledHelper("inspect-hold", bed, marker: "READY") { line in
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            let (nodeID, pid) = (words[1], try #require(Int32(words[2])))

            let nodes = try await zcipc(["node", "list", "--json"], bed)
            #expect(nodes.exitCode == 0, "\(nodes)")
            #expect(
                try nodes.json([NodeReport].self) == [
                    NodeReport(
                        id: nodeID, name: "inspect-holder", pid: pid, state: "alive",
                        services: ["inspect/echo", "inspect/telemetry"])
                ])
            let node = try await zcipc(["node", "details", nodeID, "--json"], bed)
            #expect(try node.json(NodeReport.self).services == ["inspect/echo", "inspect/telemetry"], "\(node)")

            let services = try await zcipc(["service", "list", "--json"], bed).json([ServiceReport].self)
            #expect(services.map(\.name) == ["inspect/echo", "inspect/telemetry"])
            #expect(services.map(\.pattern) == ["request-response", "publish-subscribe"])

            let details = try await zcipc(["service", "details", "inspect/telemetry", "--json"], bed)
            #expect(details.exitCode == 0, "\(details)")
            let stream = try details.json(ServiceReport.self)
            let layout = Inspect_Telemetry.zeroCopyLayout
            let payload = try #require(stream.payloads.first)
            #expect(stream.payloads.map(\.role) == ["payload", "user-header"])
            #expect(payload.type == "inspect.Telemetry" && payload.variant == "fixed")
            #expect(payload.size == layout.size && payload.alignment == layout.alignment)
            #expect(payload.fingerprint == Inventory.hex(layout.fingerprint, prefix: "0x"))
            #expect(payload.layout == layout.layoutDescription)
            #expect(payload.fields.map(\.name) == layout.fields.map(\.name))
            #expect(payload.fields.map(\.offset) == layout.fields.map(\.offset))
            #expect(payload.fields.map(\.size) == layout.fields.map(\.size))
            #expect(payload.fields.first { $0.name == "trail" }?.type == "vec<inspect.Point,4>")
            #expect(stream.payloads[1].type == "inspect.Rights" && stream.payloads[1].size == 2)
            #expect(stream.limits["max-publishers"] == "3")
            #expect(stream.limits["max-subscribers"] == "\(Config().publishSubscribe.maxSubscribers)")
            #expect(stream.attributes == [["unit", "metre"]])
            #expect(stream.counts == ["publishers": 1, "subscribers": 1, "nodes": 1])
            #expect(stream.ports.map(\.kind) == ["publisher", "subscriber"])
            #expect(stream.ports.allSatisfy { $0.node == nodeID && $0.pid == pid && $0.nodeName == "inspect-holder" })
            #expect(Set(stream.ports.map(\.id)).count == 2)

            let echo = try await zcipc(["service", "details", "inspect/echo", "--json"], bed).json(ServiceReport.self)
            #expect(echo.payloads.map(\.role) == ["request", "response"])
            #expect(echo.counts == ["clients": 1, "servers": 1, "nodes": 1])
            #expect(echo.ports.map(\.kind) == ["client", "server"])

            let text = try await zcipc(["service", "details", "inspect/telemetry"], bed)
            #expect(text.output.contains("    label: string<12>  offset "), "\(text)")
            #expect(text.output.contains("publisher "), "\(text)")
        }
    }

    @Test func aMissingNodeOrServiceIsExitCode2WithTheFix() async throws {
        let bed = ToolBed()
        let service = try await zcipc(["service", "details", "no/such"], bed)
        #expect(service.exitCode == 2, "\(service)")
        #expect(service.errors.contains("no service 'no/such'; `zcipc service list` shows"), "\(service)")
        let node = try await zcipc(["node", "details", "00ff"], bed)
        #expect(node.exitCode == 2, "\(node)")
        let empty = try await zcipc(["service", "list", "--json"], bed)
        #expect(try empty.json([ServiceReport].self) == [])
        let usage = try await zcipc(["service", "frobnicate"], bed)
        #expect(usage.exitCode == 64, "\(usage)")
        #expect(bed.leftovers == [], "the tool itself leaves nothing behind")
    }

    @Test func cleanupAfterASIGKILLRemovesExactlyWhatTheDeadNodeLeft() async throws {
        let bed = ToolBed()
        // A live node with a service of its own: cleanup must leave both alone.
        let live = try NodeBuilder().name("survivor").config(bed.config).create()
        let kept = try live.serviceBuilder(ServiceName("survivor/service")).publishSubscribe(UInt64.self).create()
        let liveResources = bed.leftovers
        let deadID = try await withKilledHelper("inspect-hold", bed, marker: "READY") { line in
            String(line.split(whereSeparator: \.isWhitespace)[1])
        }
        let before = bed.leftovers
        let deadResources = Set(before).subtracting(liveResources)
        #expect(deadResources.contains { $0.contains(deadID) }, "\(before)")

        let nodes = try await zcipc(["node", "list", "--json"], bed).json([NodeReport].self)
        #expect(nodes.first { $0.id == deadID }?.state == "dead", "\(nodes)")

        let plan = try await zcipc(["cleanup", "--dry-run", "--json"], bed)
        #expect(plan.exitCode == 0, "\(plan)")
        let planned = try plan.json(CleanupReport.self)
        #expect(planned.dryRun && planned.deadNodes.map(\.id) == [deadID])
        #expect(Set(planned.removed) == Set(deadResources), "\(planned)")
        #expect(bed.leftovers == before, "a dry run removes nothing")

        let cleanup = try await zcipc(["cleanup", "--json"], bed)
        #expect(cleanup.exitCode == 0, "\(cleanup)")
        let report = try cleanup.json(CleanupReport.self)
        #expect(!report.dryRun && report.deadNodes.map(\.id) == [deadID])
        #expect(Set(report.removed) == Set(deadResources), "\(report)")
        #expect(bed.leftovers == liveResources, "the survivor's node and service stay")
        let text = try await zcipc(["cleanup"], bed)
        #expect(text.output.contains("no dead nodes"), "\(text)")
        _ = consume kept
        _ = live
    }

    @Test func oneNameUnderTwoPatternsIsChosenWithPattern() async throws {
        let bed = ToolBed()
        let ambiguous: ToolResult
        let chosen: ToolResult
        let absent: ToolResult
        do {
            let node = try NodeBuilder().name("two-patterns").config(bed.config).create()
            let name = try ServiceName("shared/name")
            let stream = try node.serviceBuilder(name).publishSubscribe(UInt64.self).create()
            let calls = try node.serviceBuilder(name).requestResponse(UInt64.self, UInt32.self).create()
            ambiguous = try await zcipc(["service", "details", "shared/name"], bed)
            chosen = try await zcipc(["service", "details", "shared/name", "--pattern", "request-response", "--json"], bed)
            absent = try await zcipc(["service", "details", "shared/name", "--pattern", "event"], bed)
            withExtendedLifetime((stream, calls)) {}
        }
        #expect(ambiguous.exitCode == 1, "\(ambiguous)")
        #expect(
            ambiguous.errors.contains(
                "'shared/name' is 2 services: publish-subscribe and request-response; choose one with --pattern"),
            "\(ambiguous)")
        #expect(try chosen.json(ServiceReport.self).payloads.map(\.type) == ["u64", "u32"], "\(chosen)")
        #expect(absent.exitCode == 2, "\(absent)")
        #expect(bed.leftovers == [])
    }
}
