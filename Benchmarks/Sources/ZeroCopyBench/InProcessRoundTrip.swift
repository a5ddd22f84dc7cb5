import BenchPayloads
import BenchSupport
import ZeroCopyIPC

/// Typed round trips with the client and the server in one thread: loan, send, receive, respond, receive, drop,
/// with every cache line local. What it measures is the runtime's own software cost per round trip, the part of
/// the two-process round trip that is not cache-line transfer.
public final class InProcessRoundTrip {
    let node: Node
    let service: RequestResponseService<Zcipc_Bench_Word, Zcipc_Bench_Word>
    let client: Client<Zcipc_Bench_Word, Zcipc_Bench_Word>
    let server: Server<Zcipc_Bench_Word, Zcipc_Bench_Word>

    /// Creates a service with one client and one server in this process.
    public init(name: String) throws(BenchError) {
        node = try makeNode("inprocess")
        do {
            service = try node.serviceBuilder(serviceName(name)).requestResponse(
                Zcipc_Bench_Word.self, Zcipc_Bench_Word.self
            ).openOrCreate()
            client = try service.clientBuilder().create()
            server = try service.serverBuilder().create()
        } catch {
            throw BenchError("in-process setup: \(error)")
        }
    }

    /// One round trip with `sequence`, written and read like ``TypedClient``'s `.ends` protocol.
    public func roundTrip(_ sequence: UInt64) throws(BenchError) {
        do {
            var request = try client.loanUninit()
            var written = request.rawPayload
            written.storeBytes(of: sequence, as: UInt64.self)
            let pending = try request.assumeInitialized().send()
            guard let active = server.receive() else { throw BenchError("request \(sequence) not received") }
            var response = try active.loanUninit()
            var answer = response.rawPayload
            answer.storeBytes(of: active.payload.sequence, as: UInt64.self)
            try response.assumeInitialized().send()
            guard let received = try pending.receive() else { throw BenchError("response \(sequence) not received") }
            guard received.payload.sequence == sequence else {
                throw BenchError("response \(received.payload.sequence) to request \(sequence)")
            }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("in-process round trip \(sequence): \(error)")
        }
    }
}
