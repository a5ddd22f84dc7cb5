import Glibc
import ZeroCopyIPC

/// The bytes of slice `sequence` of a hand-over scenario: `1000 << sequence` long, so that each one needs a larger
/// data segment than the one before.
func handoverBytes(_ sequence: Int) -> [UInt8] {
    (0..<(1000 << sequence)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ sequence) }
}

private func openHandoverService(_ node: Node, _ options: Options) -> BytesService {
    do {
        return try node.serviceBuilder(ServiceName(options.service)).requestResponse([UInt8].self, [UInt8].self)
            .maxResponseBufferSize(options.int("count", 4)).openOrCreate()
    } catch {
        fail("open service: \(error)")
    }
}

/// Sends one request and waits for its answer (so the server has connected), then `--count` slices that each
/// grow the client's memory, and leaves (ports, service and node dropped) before the server reads them; with
/// `--exit-at-once 1` the process exits without dropping anything.
func runHandoverClient(_ options: Options) {
    let node = makeNode(options, "handover-client")
    let service = openHandoverService(node, options)
    do {
        let client = try service.clientBuilder().initialMaxSliceLen(4).allocationStrategy(.powerOfTwo).create()
        waitFor("a server") { service.numberOfServers >= 1 }
        let pending = try client.sendCopy([0])
        guard (try pending.receive(timeout: .seconds(120))) != nil else { fail("no first response") }
        for sequence in 0..<options.int("count", 4) { _ = try client.sendCopy(handoverBytes(sequence)) }
        if options.int("exit-at-once", 0) == 1 {
            say("SENT")
            exit(0)  // like a program whose ports are globals: nothing is dropped, the node is left for dead
        }
    } catch {
        fail("\(error)")
    }
    say("SENT")
}

/// Answers one request with `--count` slices that each grow the server's memory, and leaves before the client
/// reads them.
func runHandoverServer(_ options: Options) {
    let node = makeNode(options, "handover-server")
    let service = openHandoverService(node, options)
    do {
        let server = try service.serverBuilder().initialMaxSliceLen(4).allocationStrategy(.powerOfTwo).create()
        guard let request = server.receive(timeout: .seconds(120)) else { fail("no request") }
        for sequence in 0..<options.int("count", 4) { try request.sendCopy(handoverBytes(sequence)) }
    } catch {
        fail("\(error)")
    }
    say("SENT")
}
