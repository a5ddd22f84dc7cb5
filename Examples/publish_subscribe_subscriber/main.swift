// The subscriber of the publish_subscribe example: once a second it takes every `TransmissionData` the publishers
// sent and prints it, read in place in their shared memory. Run `swift run publish_subscribe_publisher` in a second
// terminal; any number of each may run. Ctrl-C ends it cleanly.
import Definitions
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and subscriber give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("publish_subscribe_subscriber").create()
    let service = try node.serviceBuilder(ServiceName("My/Funk/ServiceName"))
        .publishSubscribe(TransmissionData.self)
        .openOrCreate()
    let subscriber = try service.subscriberBuilder().create()
    say("Subscriber ready to receive data!")

    // `wait` sleeps between looks and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? node.wait(.seconds(1))) != nil {
        // Each `Sample` gives its memory back to the publisher when it goes out of scope.
        while let sample = try subscriber.receive() {
            say("received: \(sample.payload) (publisher \(sample.origin), sample \(sample.header.sequenceNumber))")
        }
    }
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
