// A client of the dynamic-slice service: once a second it loans a request of increasing size, fills it, sends it,
// and prints the size of every response that arrives for it. Ctrl-C ends it cleanly.
import Definitions
import ZeroCopyIPC

#if canImport(Glibc)
import Glibc
#endif

// Everything lives in a function, not at top level: top-level variables are globals that are never deinitialised,
// and the node, service and ports give their shared memory back in their deinitialisers.
/// Prints a line and flushes it, so that each line shows up at once when the output goes to a pipe (scripts/demo).
func say(_ line: String) {
    print(line)
    fflush(nil)
}

func run() throws {
    let node = try NodeBuilder().name("request_response_dyn_client").create()
    let service = try DynamicRequestResponse.builder(on: node).openOrCreate()

    let client = try service.clientBuilder()
        // A guess of the largest request; only a hint: the better it is, the fewer times memory grows.
        .initialMaxSliceLen(16)
        // When a loan needs more than the current memory, grow to the next power of two.
        .allocationStrategy(.powerOfTwo)
        .create()

    var counter = 1
    while true {
        let requiredSize = min(1_000_000, counter * counter)
        let request = try client.loanSliceUninit(requiredSize)
            .initialize { byteIndex in UInt8(truncatingIfNeeded: (byteIndex + counter) % 255) }
        let pendingResponse = try request.send()
        say("send request \(counter) with \(requiredSize) bytes ...")

        do {
            try node.wait(.seconds(1))
        } catch {
            break
        }

        // Every response the servers sent for this request.
        while let response = try pendingResponse.receive() {
            say("  received response with \(response.payload.count) bytes")
        }
        counter += 1
    }
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
