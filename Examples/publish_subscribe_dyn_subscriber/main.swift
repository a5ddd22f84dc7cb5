// The subscriber of the publish_subscribe_dyn example: it prints the size of every slice the publishers send,
// read in place in whichever of their growing segments holds it. Run `swift run publish_subscribe_dyn_publisher`
// in a second terminal; Ctrl-C ends it cleanly.
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
    let node = try NodeBuilder().name("publish_subscribe_dyn_subscriber").create()
    let service = try node.serviceBuilder(ServiceName("Service With Dynamic Data"))
        .publishSubscribe([UInt8].self)
        .openOrCreate()
    let subscriber = try service.subscriberBuilder().create()
    say("Subscriber ready to receive data!")

    // `wait` paces the loop and throws on SIGINT/SIGTERM, which ends it.
    while (try? node.wait(.milliseconds(100))) != nil {
        while let sample = try subscriber.receive() {
            say("received \(sample.payload.count) bytes")
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
