#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ZeroCopyIPC

/// Typed request/response round trips between this process (the client, CPU 0) and a spawned server (CPU 1).
///
/// Each round trip is the idiomatic typed path: `loanUninit().write(value).send()`, the server reads
/// `request.payload`, answers with `loanUninit().write(value).send()` and drops the request; the client receives the
/// response, checks the sequence number and drops it. Everything from the loan to the dropped response is timed.
public final class TypedClient<Payload: SequencedPayload> {
    let node: Node
    let service: RequestResponseService<Payload, Payload>
    /// `nil` after ``stop()``: the server waits for its client to leave before it exits.
    var client: Client<Payload, Payload>?
    var server: ServerProcess?
    let mode: WaitMode
    var request = Payload()

    /// Creates the service and spawns `executable subcommand --serve NAME --mode MODE` as its server.
    ///   `serverArguments` are passed on (e.g. `--count-after N --report NAME`).
    public init(
        executable: String, subcommand: String, mode: WaitMode, maxClients: Int = 2, maxActiveRequests: Int = 4,
        serverArguments: [String] = []
    ) throws(BenchError) {
        self.mode = mode
        node = try makeNode("client")
        let name = "zcipc-bench/\(subcommand)/\(getpid())"
        do {
            service = try node.serviceBuilder(serviceName(name)).requestResponse(Payload.self, Payload.self)
                .maxClients(maxClients).maxActiveRequestsPerClient(maxActiveRequests).openOrCreate()
            client = .some(try service.clientBuilder().create())
        } catch {
            throw BenchError("typed client setup: \(error)")
        }
        server = .some(
            try ServerProcess(
                executable: executable,
                arguments: [subcommand, "--serve", name, "--mode", mode.rawValue, "--size", "\(Payload.benchSize)"]
                    + serverArguments))
        try waitUntil("the server of \(name)") { [service] in service.numberOfServers >= 1 }
        try pinToCPU(0)
    }

    /// One round trip with `sequence`.
    @inline(__always)
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        request.sequence = sequence
        let received: UInt64
        do {
            guard let client else { throw BenchError("round trip after stop()") }
            let pending = try client.loanUninit().write(request).send()
            switch mode {
            case .poll:
                while true {
                    if let response = try pending.receive() {
                        received = response.payload.sequence
                        break
                    }
                    cpuRelax()
                }
            case .wait:
                guard let response = try pending.receive(timeout: .seconds(20)) else {
                    throw BenchError("no response to request \(sequence) within 20 s")
                }
                received = response.payload.sequence
            }
        } catch {
            throw BenchError("typed round trip \(sequence): \(error)")
        }
        guard received == sequence else { throw BenchError("response \(received) to request \(sequence)") }
    }

    /// Stops the server (one more round trip with ``stopSequence``) and reaps it.
    public func stop() throws(BenchError) {
        try roundTrip(stopSequence)
        client = nil
        try server.take()?.wait()
    }

    deinit {
        server.take()?.kill()
    }

    /// The server side: answers every request with its sequence number until ``stopSequence``.
    /// - Parameters:
    ///   - countAfter: Count heap allocations from this request on (after the warm-up) until the stop request, and
    ///     print them as `COUNT name=report …` (no counting if `report` is empty).
    public static func serve(name: String, mode: WaitMode, countAfter: Int, report: String) throws(BenchError) {
        try pinToCPU(1)
        let node = try makeNode("server")
        let service: RequestResponseService<Payload, Payload>
        let server: Server<Payload, Payload>
        do {
            service = try node.serviceBuilder(serviceName(name)).requestResponse(Payload.self, Payload.self).open()
            server = try service.serverBuilder().create()
        } catch {
            throw BenchError("typed server setup: \(error)")
        }
        var response = Payload()
        var idle = 0
        var served = 0
        let counter = AllocationCounter()
        if countAfter == 0 && !report.isEmpty { counter.start() }
        while true {
            let next = mode == .poll ? server.receive() : server.receive(timeout: .seconds(1))
            guard let request = next else {
                idle += 1
                if idle & 0xFFFFF == 0 || mode == .wait, service.numberOfClients == 0 {
                    throw BenchError("typed server: the client is gone")
                }
                cpuRelax()
                continue
            }
            let sequence = request.payload.sequence
            if sequence == stopSequence && served >= countAfter && !report.isEmpty {
                reportAllocationsPerRoundTrip(
                    name: report, side: "server", count: counter.stop(), roundTrips: served - countAfter)
            }
            served += 1
            if served == countAfter && !report.isEmpty { counter.start() }
            response.sequence = sequence
            do {
                try request.loanUninit().write(response).send()
            } catch {
                throw BenchError("typed server: respond to \(sequence): \(error)")
            }
            if sequence == stopSequence { break }
        }
        // Stay until the client has taken the last response and left (its memory is ours).
        try? waitUntil("the client to leave", seconds: 10) { service.numberOfClients == 0 }
    }
}
