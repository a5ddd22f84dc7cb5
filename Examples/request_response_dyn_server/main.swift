// A server of the dynamic-slice service: it polls for requests and answers each with a response of increasing
// size, printing the size of every request it receives. Ctrl-C ends it cleanly.
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
    let node = try NodeBuilder().name("request_response_dyn_server").create()
    let service = try DynamicRequestResponse.builder(on: node).openOrCreate()

    let server = try service.serverBuilder()
        // A guess of the largest response; only a hint.
        .initialMaxSliceLen(16)
        // When a loan needs more than the current memory, grow to the next power of two.
        .allocationStrategy(.powerOfTwo)
        .create()

    say("Server ready to receive requests!")

    var counter = 1
    while true {
        do {
            try node.wait(.milliseconds(100))
        } catch {
            break
        }
        while let activeRequest = server.receive() {
            say("received request with \(activeRequest.payload.count) bytes ...")
            let requiredSize = min(1_000_000, counter * counter)
            do {
                let response = try activeRequest.loanSliceUninit(requiredSize)
                    .initialize { byteIndex in UInt8(truncatingIfNeeded: (byteIndex + counter) % 255) }
                say("  send response with \(requiredSize) bytes")
                try response.send()
            } catch SendError.connectionClosed {
                // The client left after sending the request (Ctrl-C, say): nobody to answer, keep serving others.
                say("  client left before the response went out")
            }
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
