import Glibc
import Subprocess
import Testing

/// C and Swift processes as peers on the same services: every pairing exchanges generated payloads (strings,
/// vectors, nested structs, fixed arrays, an enum) and byte slices, each side checking every byte it receives
/// against what it builds itself.
@Suite("C API between processes", .serialized)
struct CrossLanguageTests {
    static let pairs: [(Peer, Peer)] = [(.c, .swift), (.swift, .c), (.c, .c), (.swift, .swift)]

    @Test("generated payloads round-trip", arguments: pairs)
    func generatedPayloads(server: Peer, client: Peer) async throws {
        try await requireCPeer()
        let bed = TestBed()
        async let served = run(server, "generated-server", bed, ["--count", "20"])
        let asked = try await run(client, "generated-client", bed, ["--count", "20"])
        let answered = try await served
        #expect(asked.succeeded, "\(client) client: \(asked)")
        #expect(answered.succeeded, "\(server) server: \(answered)")
        #expect(asked.value("LAST")?.contains("sensor-19!") == true, "\(asked)")
        bed.finish()
    }

    @Test("byte slices grow and round-trip", arguments: pairs)
    func slices(server: Peer, client: Peer) async throws {
        try await requireCPeer()
        let bed = TestBed()
        let swiftOptions = ["--strategy", "powerOfTwo"]
        async let served = run(server, "slice-server", bed, ["--count", "8"] + (server == .swift ? swiftOptions : []))
        let asked = try await run(client, "slice-client", bed, ["--count", "8"] + (client == .swift ? swiftOptions : []))
        let answered = try await served
        #expect(asked.succeeded, "\(client) client: \(asked)")
        #expect(answered.succeeded, "\(server) server: \(answered)")
        bed.finish()
    }

    @Test("publish-subscribe with a user header, C to C")
    func publishSubscribe() async throws {
        try await requireCPeer()
        let bed = TestBed()
        async let received = run(.c, "ps-subscriber", bed, ["--count", "100"])
        let published = try await run(.c, "ps-publisher", bed, ["--count", "100"])
        let subscriber = try await received
        #expect(published.succeeded, "\(published)")
        #expect(subscriber.succeeded, "\(subscriber)")
        bed.finish()
    }

    @Test("a C process opening a mismatching type gets the Swift process's typed error")
    func mismatchingType() async throws {
        try await requireCPeer()
        let bed = TestBed()
        // The Swift helper's Ping/Pong server; the C peer asks for a 24-byte "test.Ping", as the Swift helper's
        // open-mismatch scenario does with PingV2.
        async let server = run(.swift, "server", bed, ["--count", "1"])
        let c = try await run(.c, "open-mismatch", bed)
        let swift = try await run(.swift, "open-mismatch", bed)
        #expect(c.succeeded, "\(c)")
        #expect(swift.succeeded, "\(swift)")
        let cText = try #require(c.value("INCOMPATIBLE"))
        let swiftText = try #require(swift.value("INCOMPATIBLE"))
        #expect(cText.contains("the request type differs from the service's"), "\(cText)")
        #expect(cText.contains("size 24 vs 16"), "\(cText)")
        #expect(swiftText.contains("size 24 vs 16"), "\(swiftText)")
        // End the server: it waits for one request.
        _ = try await run(.swift, "client", bed, ["--requests", "1"])
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test("every user mistake through the C API returns an error code")
    func userMistakes() async throws {
        try await requireCPeer()
        let bed = TestBed()
        let result = try await run(.c, "mistakes", bed)
        #expect(result.succeeded, "\(result)")
        #expect(result.lines.last == "OK", "\(result)")
        #expect(result.lines.filter { $0.hasPrefix("MISTAKE ") }.count >= 45, "\(result)")
        #expect(result.lines.allSatisfy { !$0.hasPrefix("MISTAKE ") || $0.count > 30 }, "every mistake has a message")
        bed.finish()
    }

    @Test("more handles than the library hands out is an error code, not an abort")
    func handleLimit() async throws {
        try await requireCPeer()
        let bed = TestBed()
        // The limit lowered to 8 (the real one, 4,194,304, would take millions of handles to reach).
        let result = try await run(.c, "handle-limit", bed, environment: ["ZEROCOPYIPC_C_MAX_HANDLES": "8"])
        #expect(result.succeeded, "\(result)")
        #expect(result.lines.last == "OK", "\(result)")
        #expect(result.lines.filter { $0.hasPrefix("MISTAKE ZC_ERROR_OUT_OF_MEMORY ") }.count == 3, "\(result)")
        #expect(result.lines.contains { $0.contains("8 handles") }, "\(result)")
        bed.finish()
    }

    @Test("a SIGKILLed C server is cleaned up like a Swift one")
    func killedCServer() async throws {
        try await requireCPeer()
        let bed = TestBed()
        // A Swift client whose request the C server holds, with a response loaned, when it dies; the client then
        // sees no server and gives up (its result does not matter).
        async let client = run(.swift, "generated-client", bed, ["--count", "1"])
        let result = try await Subprocess.run(
            .path(.init(await Peer.c.path)), arguments: Arguments(["hold-server"] + bed.arguments),
            environment: environment, input: .none, output: .sequence, error: .discarded
        ) { execution in
            for try await line in execution.standardOutput.strings() where line.hasPrefix("HOLDING") {
                try execution.send(signal: .kill)
                return true
            }
            return false
        }
        #expect(result.closureResult, "the C server never held a request")
        _ = try await client
        // A Swift server and client on the same service: creating their nodes cleans up after the dead C node.
        async let survivor = run(.swift, "generated-server", bed, ["--count", "1"])
        let asked = try await run(.swift, "generated-client", bed, ["--count", "1"])
        #expect(asked.succeeded, "\(asked)")
        #expect(try await survivor.succeeded)
        bed.finish()
    }
}
