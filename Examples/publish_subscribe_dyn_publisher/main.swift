// The publisher of the publish_subscribe_dyn example: once a second it loans a `UInt8` slice of increasing size
// (up to 1 MB), fills it in place and sends it; its shared memory grows by powers of two as the slices grow.
// Run `swift run publish_subscribe_dyn_subscriber` in a second terminal; Ctrl-C ends it cleanly.
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
    let node = try NodeBuilder().name("publish_subscribe_dyn_publisher").create()
    let service = try node.serviceBuilder(ServiceName("Service With Dynamic Data"))
        .publishSubscribe([UInt8].self)
        .openOrCreate()

    let publisher = try service.publisherBuilder()
        // A guess of the largest sample; only a hint: the better it is, the fewer times memory grows.
        .initialMaxSliceLen(16)
        // When a loan needs more than the current memory, grow to the next power of two.
        .allocationStrategy(.powerOfTwo)
        .create()

    var counter = 1
    // `wait` sleeps between samples and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? node.wait(.seconds(1))) != nil {
        let requiredSize = min(1_000_000, counter * counter)
        let sample = try publisher.loanSliceUninit(requiredSize)
            .initialize { byteIndex in UInt8(truncatingIfNeeded: (byteIndex + counter) % 255) }
        sample.send()
        say("send sample \(counter) with \(requiredSize) bytes ...")
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
