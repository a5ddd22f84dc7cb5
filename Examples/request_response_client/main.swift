// The client of the request_response example: it sends a `UInt64` request every second and prints every
// `TransmissionData` response (Definitions/TransmissionData.ipcdef) that arrived for the previous one. Run
// `swift run request_response_server` in a second terminal; Ctrl-C ends it cleanly.
import Definitions
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and client give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("request_response_client").create()
    // The service "My/Funk/ServiceName" with its payload types, generated from Definitions/TransmissionData.ipcdef.
    let service = try MyFunkServiceName.openOrCreate(on: node)
    let client = try service.clientBuilder().create()

    var requestCounter: UInt64 = 0
    var responseCounter = 0

    // The first request by copy, the slower but shorter API.
    say("send request \(requestCounter) ...")
    var pendingResponse = try client.sendCopy(requestCounter)

    // `wait` sleeps a second and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? node.wait(.seconds(1))) != nil {
        // Every response the servers sent to the last request.
        while let response = try pendingResponse.receive() {
            say("  received response \(responseCounter): \(response.payload)")
            responseCounter += 1
        }

        requestCounter += 1
        // All further requests through a zero-copy loan, written in place.
        let request = try client.loanUninit().write(requestCounter)
        pendingResponse = try request.send()
        say("send request \(requestCounter) ...")
    }
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
