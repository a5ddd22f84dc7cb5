// The publisher of the publish_subscribe example: once a second it loans a `TransmissionData`
// (Definitions/TransmissionData.ipcdef), writes it in place in shared memory and sends it to every subscriber.
// Run `swift run publish_subscribe_subscriber` in a second terminal; any number of each may run. Ctrl-C ends it
// cleanly.
import Definitions
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and publisher give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("publish_subscribe_publisher").create()
    // The same name as the request_response example's service: another messaging pattern is another service.
    let service = try node.serviceBuilder(ServiceName("My/Funk/ServiceName"))
        .publishSubscribe(TransmissionData.self)
        .openOrCreate()
    let publisher = try service.publisherBuilder().create()

    var counter: Int32 = 0
    // `wait` sleeps between samples and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? node.wait(.seconds(1))) != nil {
        counter += 1
        // Written in place in shared memory: nothing is copied or serialised on the way to the subscribers.
        let sample = try publisher.loanUninit()
            .write(TransmissionData(x: counter, y: counter * 3, funky: Double(counter) * 812.12))
        let reached = sample.send()
        say("send sample \(counter) to \(reached) subscriber(s) ...")
    }
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
