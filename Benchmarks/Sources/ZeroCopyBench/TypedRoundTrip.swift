#if canImport(Glibc)
import Glibc
#endif
import BenchPayloads
import BenchSupport
import ZeroCopyIPC

/// Typed request/response round trips between this process (the client, CPU 0) and a spawned server (CPU 1).
///
/// Each round trip loans an uninitialised request and fills it per ``Filling``: `.ends` writes the sequence number
/// into the payload's first and last word in place (the protocol of the native baselines), `.whole` writes a whole
/// value with `write(_:)`. The server reads `request.payload.sequence` in place, answers the same way and drops the
/// request; the client receives the response, checks the sequence number and drops it. Everything from the loan to
/// the dropped response is timed.
public final class TypedClient<Payload: SequencedPayload> {
    let node: Node
    let service: RequestResponseService<Payload, Payload>
    /// `nil` after ``stop()``: the server waits for its client to leave before it exits.
    var client: Client<Payload, Payload>?
    var server: ServerProcess?
    let mode: WaitMode
    let filling: Filling
    /// The value `.whole` writes.
    var whole = Payload()

    /// Creates the service and spawns `executable subcommand --serve NAME --mode MODE` as its server.
    ///   `serverArguments` are passed on (e.g. `--count-after N --report NAME`).
    public init(
        executable: String, subcommand: String, mode: WaitMode, filling: Filling = .ends, maxClients: Int = 2,
        maxActiveRequests: Int = 4, serverArguments: [String] = []
    ) throws(BenchError) {
        self.mode = mode
        self.filling = filling
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
                arguments: [
                    subcommand, "--serve", name, "--mode", mode.rawValue, "--size", "\(Payload.benchSize)",
                    "--fill", filling.rawValue,
                ] + serverArguments))
        try waitUntil("the server of \(name)") { [service] in service.numberOfServers >= 1 }
        try pinToCPU(0)
    }

    /// One round trip with `sequence`.
    // Specialised for the benchmark's payloads, as an application's concrete types would be: unspecialised generic
    // code would copy the whole payload out of shared memory to read one field.
    @_specialize(where Payload == Zcipc_Bench_Word)
    @_specialize(where Payload == Zcipc_Bench_Block4K)
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        let received: UInt64
        do {
            guard let client else { throw BenchError("round trip after stop()") }
            let pending: PendingResponse<Payload, Payload>
            switch filling {
            case .ends:
                var request = try client.loanUninit()
                var written = request.rawPayload
                Self.writeSequence(sequence, into: &written)
                pending = try request.assumeInitialized().send()
            case .whole:
                whole.sequence = sequence
                pending = try client.loanUninit().write(whole).send()
            }
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
    @_specialize(where Payload == Zcipc_Bench_Word)
    @_specialize(where Payload == Zcipc_Bench_Block4K)
    public static func serve(
        name: String, mode: WaitMode, filling: Filling = .ends, countAfter: Int, report: String
    ) throws(BenchError) {
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
        var whole = Payload()
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
            do {
                switch filling {
                case .ends:
                    var response = try request.loanUninit()
                    var written = response.rawPayload
                    writeSequence(sequence, into: &written)
                    try response.assumeInitialized().send()
                case .whole:
                    whole.sequence = sequence
                    try request.loanUninit().write(whole).send()
                }
            } catch {
                throw BenchError("typed server: respond to \(sequence): \(error)")
            }
            if sequence == stopSequence { break }
        }
        // Stay until the client has taken the last response and left (its memory is ours).
        try? waitUntil("the client to leave", seconds: 10) { service.numberOfClients == 0 }
    }

    /// Writes `sequence` into the payload's first and last word, in place in shared memory.
    @inline(__always)
    static func writeSequence(_ sequence: UInt64, into payload: inout MutableRawSpan) {
        for offset in Payload.sequenceOffsets { payload.storeBytes(of: sequence, toByteOffset: offset, as: UInt64.self) }
    }
}
