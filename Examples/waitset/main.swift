// One process, one thread, one loop: a WaitSet serves two request/response services and a subscriber at once.
// - "My/Funk/ServiceName" (request/response, `u64` → `TransmissionData`): run `swift run request_response_client`;
// - "example//dynamic_request_response" (byte slices): run `swift run request_response_dyn_client`;
// - "My/Funk/ServiceName" (publish-subscribe, `TransmissionData`): run `swift run publish_subscribe_publisher`.
// The WaitSet sleeps until one of them has work (no CPU while idle) and says which. Ctrl-C ends it cleanly.
import Definitions
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, services and ports give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("waitset").create()
    let funk = try MyFunkServiceName.openOrCreate(on: node)
    let dynamic = try DynamicRequestResponse.builder(on: node).openOrCreate()
    let stream = try node.serviceBuilder(ServiceName("My/Funk/ServiceName"))
        .publishSubscribe(TransmissionData.self)
        .openOrCreate()
    let funkServer = try funk.serverBuilder().create()
    let dynamicServer = try dynamic.serverBuilder().initialMaxSliceLen(16).allocationStrategy(.powerOfTwo).create()
    let subscriber = try stream.subscriberBuilder().create()

    let waitSet = try WaitSetBuilder().create()
    // Each attachment returns a guard: the WaitSet reports its id while the guard lives.
    let funkGuard = try waitSet.attachNotification(funkServer)
    let dynamicGuard = try waitSet.attachNotification(dynamicServer)
    let subscriberGuard = try waitSet.attachNotification(subscriber)
    let heartbeat = try waitSet.attachInterval(.seconds(5))
    say("WaitSet ready: 2 servers and 1 subscriber attached")

    var counter: Int32 = 0
    // `waitAndProcess` calls the closure once per ready attachment and returns on SIGINT/SIGTERM.
    let result = try waitSet.waitAndProcess { id in
        if id == funkGuard.id {
            // Take everything that waits: the WaitSet reports an attachment again as long as it has work.
            while let request = funkServer.receive() {
                say("[funk] received request: \(request.payload)")
                counter += 1
                try? request.sendCopy(TransmissionData(x: 5 + counter, y: 6 * counter, funky: 7.77))
            }
        } else if id == dynamicGuard.id {
            while let request = dynamicServer.receive() {
                say("[dynamic] received request with \(request.payload.count) bytes")
                let size = min(1_000_000, request.payload.count * 2)
                do {
                    let response = try request.loanSliceUninit(size).initialize { UInt8(truncatingIfNeeded: $0) }
                    try response.send()
                    say("  send response with \(size) bytes")
                } catch {
                    say("  could not respond: \(error)")
                }
            }
        } else if id == subscriberGuard.id {
            while let sample = try? subscriber.receive() {
                say("[stream] received: \(sample.payload)")
            }
        } else if id == heartbeat.id {
            say("[heartbeat] waiting for work")
        }
        return .continue
    }
    say("WaitSet ended: \(result)")
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
