// A client that keeps three requests in flight and waits for all their responses, and a deadline for each, in one
// WaitSet: every second it sends three `UInt64` requests to "My/Funk/ServiceName" and prints every
// `TransmissionData` response as it arrives, saying which request it answers. A request whose responses do not come
// within the deadline is reported and given up. Run `swift run request_response_server` in a second terminal;
// Ctrl-C ends it cleanly.
import Definitions
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// How long a request may wait for its next response.
let responseDeadline = Duration.seconds(2)

/// A request in flight: its pending response and its WaitSet attachment (both noncopyable, so they live in a class
/// that an array can hold). Dropping it detaches the attachment and tells the servers the request is over.
final class InFlight {
    let request: UInt64
    let pending: PendingResponse<UInt64, TransmissionData>
    let attachment: WaitSetGuard

    init(request: UInt64, pending: consuming PendingResponse<UInt64, TransmissionData>, waitSet: WaitSet) throws {
        self.request = request
        // A pending response is reported as ready for every response and once when its stream ended, and as a
        // missed deadline when `responseDeadline` passes without a response.
        attachment = try waitSet.attachDeadline(pending, deadline: responseDeadline)
        self.pending = pending
    }
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and client give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("request_response_waitset_client").create()
    let service = try MyFunkServiceName.openOrCreate(on: node)
    let client = try service.clientBuilder().create()
    let waitSet = try WaitSetBuilder().create()
    let cycle = try waitSet.attachInterval(.seconds(1))

    var inFlight: [InFlight] = []
    var next: UInt64 = 0
    var failure: (any Error)?

    let result = try waitSet.waitAndProcess { id in
        if id == cycle.id {
            // Three new requests, once the previous ones are done.
            guard inFlight.isEmpty else { return .continue }
            do {
                for _ in 0..<3 {
                    let pending = try client.sendCopy(next)
                    say("send request \(next) ...")
                    inFlight.append(try InFlight(request: next, pending: pending, waitSet: waitSet))
                    next += 1
                }
            } catch {
                failure = error
                return .stop
            }
            return .continue
        }
        // A pending response's id: ready (responses, or the end of its stream), or its missed deadline.
        let matches = { (entry: InFlight) in
            id.hasEvent(from: entry.attachment) || id.hasMissedDeadline(entry.attachment)
        }
        guard let index = inFlight.firstIndex(where: matches) else { return .continue }
        let entry = inFlight[index]
        if id.hasMissedDeadline(entry.attachment) {
            say("  request \(entry.request): no response within \(responseDeadline), giving up")
            inFlight.remove(at: index)
            return .continue
        }
        while let response = try? entry.pending.receive() {
            say("  received response to request \(entry.request): \(response.payload)")
        }
        if !entry.pending.isConnected {
            say("  request \(entry.request) done")
            inFlight.remove(at: index)
        }
        return .continue
    }
    if let failure { throw failure }
    say("WaitSet ended: \(result)")
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
