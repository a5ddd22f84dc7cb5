// The server of the request_response example: it answers every request with a generated `TransmissionData`
// (Definitions/TransmissionData.ipcdef), first by copy, then for odd requests with one more zero-copy response to
// show a response stream. Run `swift run request_response_client` in a second terminal; Ctrl-C ends it cleanly.
import Definitions
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and server give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("request_response_server").create()
    // The service "My/Funk/ServiceName" with its payload types, generated from Definitions/TransmissionData.ipcdef.
    let service = try MyFunkServiceName.openOrCreate(on: node)
    let server = try service.serverBuilder().create()
    say("Server ready to receive requests!")

    var counter: Int32 = 0
    // `wait` sleeps between polls and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? node.wait(.milliseconds(100))) != nil {
        while let activeRequest = server.receive() {
            say("received request: \(activeRequest.payload)")
            let response = TransmissionData(x: 5 + counter, y: 6 * counter, funky: 7.77)
            say("  send response: \(response)")
            do {
                // The first response by copy, the slower but shorter API.
                try activeRequest.sendCopy(response)

                // More responses through zero-copy loans: a response stream.
                for n in 0..<Int32(activeRequest.payload % 2) {
                    let streamed = try activeRequest.loanUninit().write(
                        TransmissionData(x: counter * (n + 1), y: counter + n, funky: Double(counter) * 0.1234))
                    say("  send response: \(streamed.payload)")
                    try streamed.send()
                }
            } catch SendError.connectionClosed {
                // The client left after sending the request (Ctrl-C, say): nobody to answer, keep serving others.
                say("  client left before the response went out")
            }
            // Dropping the active request (here, at the end of the loop body) tells the client's pending response
            // that no more responses will come.
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
