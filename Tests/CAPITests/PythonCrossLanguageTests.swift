import Glibc
import Subprocess
import Testing

/// Python processes (over the modules `ipcgen python` generates) as peers of Swift and C processes: every pairing
/// exchanges generated payloads and byte slices, each side checking every byte it receives against what it builds
/// itself; slices go through memoryviews, and through numpy arrays without a copy when numpy is installed.
@Suite("Python peers between processes", .serialized)
struct PythonCrossLanguageTests {
    static let pairs: [(Peer, Peer)] = [
        (.python, .swift), (.swift, .python), (.python, .c), (.c, .python), (.python, .python),
    ]

    @Test("generated payloads round-trip", arguments: pairs)
    func generatedPayloads(server: Peer, client: Peer) async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        async let served = run(server, "generated-server", bed, ["--count", "20"])
        let asked = try await run(client, "generated-client", bed, ["--count", "20"])
        let answered = try await served
        #expect(asked.succeeded, "\(client) client: \(asked)")
        #expect(answered.succeeded, "\(server) server: \(answered)")
        #expect(asked.value("LAST")?.contains("sensor-19!") == true, "\(asked)")
        bed.finish()
    }

    @Test("byte slices grow and round-trip through memoryviews", arguments: pairs)
    func slices(server: Peer, client: Peer) async throws {
        try await exchangeSlices(server: server, client: client, view: "memoryview")
    }

    @Test(
        "byte slices round-trip through numpy arrays without a copy",
        .enabled(if: PythonPeer.hasNumpy, "numpy is not installed for python3 (pip install numpy)"), arguments: pairs)
    func numpySlices(server: Peer, client: Peer) async throws {
        try await exchangeSlices(server: server, client: client, view: "numpy")
    }

    private func exchangeSlices(server: Peer, client: Peer, view: String) async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        func options(_ peer: Peer) -> [String] {
            switch peer {
            case .swift: ["--count", "8", "--strategy", "powerOfTwo"]
            case .c, .cpp: ["--count", "8"]
            case .python: ["--count", "8", "--view", view]
            }
        }
        async let served = run(server, "slice-server", bed, options(server))
        let asked = try await run(client, "slice-client", bed, options(client))
        let answered = try await served
        #expect(asked.succeeded, "\(client) client: \(asked)")
        #expect(answered.succeeded, "\(server) server: \(answered)")
        bed.finish()
    }

    @Test(
        "publish-subscribe with a user header",
        arguments: [(Peer.python, Peer.c), (.c, .python), (.python, .python)])
    func publishSubscribe(publisher: Peer, subscriber: Peer) async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        async let received = run(subscriber, "ps-subscriber", bed, ["--count", "100"])
        let published = try await run(publisher, "ps-publisher", bed, ["--count", "100"])
        let result = try await received
        #expect(published.succeeded, "\(publisher) publisher: \(published)")
        #expect(result.succeeded, "\(subscriber) subscriber: \(result)")
        bed.finish()
    }

    @Test("a Python process opening a mismatching type gets the Swift process's typed error")
    func mismatchingType() async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        async let server = run(.swift, "server", bed, ["--count", "1"])
        let python = try await run(.python, "open-mismatch", bed)
        let swift = try await run(.swift, "open-mismatch", bed)
        #expect(python.succeeded, "\(python)")
        let pythonText = try #require(python.value("INCOMPATIBLE"))
        let swiftText = try #require(swift.value("INCOMPATIBLE"))
        #expect(pythonText.contains("the request type differs from the service's"), "\(pythonText)")
        #expect(pythonText.contains("size 24 vs 16"), "\(pythonText)")
        #expect(swiftText.contains("size 24 vs 16"), "\(swiftText)")
        _ = try await run(.swift, "client", bed, ["--requests", "1"])
        #expect(try await server.succeeded)
        bed.finish()
    }

    @Test("every user mistake through the Python layer raises its error class with the C code and a message")
    func userMistakes() async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        let result = try await run(.python, "mistakes", bed)
        #expect(result.succeeded, "\(result)")
        #expect(result.lines.last == "OK", "\(result)")
        let mistakes = result.lines.filter { $0.hasPrefix("MISTAKE ") }
        #expect(mistakes.count >= 25, "\(result)")
        #expect(mistakes.contains { $0.contains("LibraryNotFoundError") && $0.contains("ZEROCOPYIPC_LIBRARY") })
        #expect(mistakes.contains { $0.contains("ExceedsMaxLoansError EXCEEDS_MAX_LOANS") })
        bed.finish()
    }

    @Test("a SIGKILLed Python server is cleaned up like a Swift one")
    func killedPythonServer() async throws {
        try await requirePythonPeer()
        let bed = TestBed()
        async let client = run(.swift, "generated-client", bed, ["--count", "1"])
        let result = try await Subprocess.run(
            .path(.init(await Peer.python.path)),
            arguments: Arguments(Peer.python.prefixArguments + ["hold-server"] + bed.arguments),
            environment: environment, input: .none, output: .sequence, error: .discarded
        ) { execution in
            for try await line in execution.standardOutput.strings() where line.hasPrefix("HOLDING") {
                try execution.send(signal: .kill)
                return true
            }
            return false
        }
        #expect(result.closureResult, "the Python server never held a request")
        _ = try await client
        // A Swift server and client on the same service: creating their nodes cleans up after the dead node.
        async let survivor = run(.swift, "generated-server", bed, ["--count", "1"])
        let asked = try await run(.swift, "generated-client", bed, ["--count", "1"])
        #expect(asked.succeeded, "\(asked)")
        #expect(try await survivor.succeeded)
        bed.finish()
    }
}
