#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import ZeroCopyIPC

/// Slice (`[UInt8]`) request/response round trips of a fixed length between this process (the client, CPU 0) and a
/// spawned server (CPU 1), with the protocol of the native baselines.
///
/// The client loans an uninitialized slice of `size` bytes, writes the sequence number into its first and last
/// word, and sends it without filling the rest (filling is excluded, as in the baselines); the server checks both
/// words, loans a response slice of the same length, echoes the words and sends it; the client checks the echo and
/// drops the response. Nothing else of the payload is touched: the round trip must not depend on its size.
public final class SliceClient {
    let node: Node
    let service: RequestResponseService<[UInt8], [UInt8]>
    /// `nil` after ``stop()``: the server waits for its client to leave before it exits.
    var client: Client<[UInt8], [UInt8]>?
    var server: ServerProcess?
    let mode: WaitMode
    let size: Int

    /// Creates the service and spawns `executable subcommand --serve NAME --mode MODE --size SIZE` as its server.
    ///   `serverArguments` are passed on (e.g. `--count-after N --report NAME`).
    public init(
        executable: String, subcommand: String, mode: WaitMode, size: Int, serverArguments: [String] = []
    ) throws(BenchError) {
        self.mode = mode
        self.size = size
        node = try makeNode("client")
        let name = "zcipc-bench/\(subcommand)/\(getpid())"
        do {
            service = try node.serviceBuilder(serviceName(name)).requestResponse([UInt8].self, [UInt8].self)
                .openOrCreate()
            client = .some(try service.clientBuilder().initialMaxSliceLen(size).create())
        } catch {
            throw BenchError("slice client setup: \(error)")
        }
        server = .some(
            try ServerProcess(
                executable: executable,
                arguments: [subcommand, "--serve", name, "--mode", mode.rawValue, "--size", "\(size)"]
                    + serverArguments))
        try waitUntil("the server of \(name)") { [service] in service.numberOfServers >= 1 }
        try pinToCPU(0)
    }

    /// One round trip with `sequence`.
    @inline(__always)
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        var first: UInt64 = 0
        var second: UInt64 = 0
        do {
            guard let client else { throw BenchError("round trip after stop()") }
            var loan = try client.loanSliceUninit(size)
            var written = loan.rawPayload
            Self.writeEnds(sequence, sequence, into: &written)
            let pending = try loan.assumeInitialized().send()
            switch mode {
            case .poll:
                while true {
                    if let response = try pending.receive() {
                        (first, second, _) = Self.readEnds(response)
                        break
                    }
                    cpuRelax()
                }
            case .wait:
                guard let response = try pending.receive(timeout: .seconds(20)) else {
                    throw BenchError("no response to request \(sequence) within 20 s")
                }
                (first, second, _) = Self.readEnds(response)
            }
        } catch {
            throw BenchError("slice round trip \(sequence): \(error)")
        }
        guard first == sequence, second == sequence else {
            throw BenchError("response \(first)/\(second) to request \(sequence)")
        }
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

    /// The server side: echoes the first and last word of every request until ``stopSequence``.
    /// - Parameters:
    ///   - countAfter: Count heap allocations from this request on (after the warm-up) until the stop request, and
    ///     print them as `COUNT name=report …` (no counting if `report` is empty).
    public static func serve(
        name: String, mode: WaitMode, size: Int, countAfter: Int, report: String
    ) throws(BenchError) {
        try pinToCPU(1)
        let node = try makeNode("server")
        let service: RequestResponseService<[UInt8], [UInt8]>
        let server: Server<[UInt8], [UInt8]>
        do {
            service = try node.serviceBuilder(serviceName(name)).requestResponse([UInt8].self, [UInt8].self).open()
            server = try service.serverBuilder().initialMaxSliceLen(size).create()
        } catch {
            throw BenchError("slice server setup: \(error)")
        }
        var idle = 0
        var served = 0
        let counter = AllocationCounter()
        if countAfter == 0 && !report.isEmpty { counter.start() }
        while true {
            let next = mode == .poll ? server.receive() : server.receive(timeout: .seconds(1))
            guard let request = next else {
                idle += 1
                if idle & 0xFFFFF == 0 || mode == .wait, service.numberOfClients == 0 {
                    throw BenchError("slice server: the client is gone")
                }
                cpuRelax()
                continue
            }
            let (first, second, count) = Self.readEnds(request)
            guard count >= 8 else { throw BenchError("slice server: request of \(count) bytes") }
            guard first == second else { throw BenchError("slice server: torn request \(first)/\(second)") }
            if first == stopSequence && served >= countAfter && !report.isEmpty {
                reportAllocationsPerRoundTrip(
                    name: report, side: "server", count: counter.stop(), roundTrips: served - countAfter)
            }
            served += 1
            if served == countAfter && !report.isEmpty { counter.start() }
            do {
                var loan = try request.loanSliceUninit(count)
                var written = loan.rawPayload
                writeEnds(first, second, into: &written)
                try loan.assumeInitialized().send()
            } catch {
                throw BenchError("slice server: respond to \(first): \(error)")
            }
            if first == stopSequence { break }
        }
        try? waitUntil("the client to leave", seconds: 10) { service.numberOfClients == 0 }
    }

    /// Writes the first and last word of a payload (the protocol's two words).
    @inline(__always)
    static func writeEnds(_ first: UInt64, _ last: UInt64, into payload: inout MutableRawSpan) {
        payload.storeBytes(of: first, toByteOffset: 0, as: UInt64.self)
        payload.storeBytes(of: last, toByteOffset: payload.byteCount - 8, as: UInt64.self)
    }

    /// Reads the first and last word of a received payload and its byte count. Taking the message `borrowing`
    /// matters: Swift 6.3 (release builds) boxes a message on the heap when `rawPayload` is read straight from the
    /// local that `if let`/`guard let` bound, once per poll (seen here: 1 allocation per request on the server, 4–30
    /// per round trip on the client); through a borrowing parameter it stays where it is.
    @inline(__always)
    static func readEnds(_ message: borrowing some ReceivedMessage & ~Copyable) -> (UInt64, UInt64, Int) {
        let bytes = message.rawPayload
        let count = bytes.byteCount
        guard count >= 8 else { return (0, 1, count) }
        return (
            bytes.unsafeLoadUnaligned(fromByteOffset: 0, as: UInt64.self),
            bytes.unsafeLoadUnaligned(fromByteOffset: count - 8, as: UInt64.self), count
        )
    }
}
