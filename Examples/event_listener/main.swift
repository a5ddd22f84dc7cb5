// The listener of the event example: it sleeps until a notifier of "MyEventName" notifies it, and prints every
// event id handed over. Run `swift run event_notifier` in a second terminal; Ctrl-C ends it cleanly.
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and listener give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("event_listener").create()
    let service = try node.serviceBuilder(ServiceName("MyEventName")).event()
        .eventIdMaxValue(11)
        .openOrCreate()
    let listener = try service.listenerBuilder().create()
    say("Listener ready to receive events!")

    // `blockingWaitAll` sleeps on the listener's futex word (no CPU while idle), hands every pending id over once,
    // and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? listener.blockingWaitAll({ id in say("event was triggered with id: \(id.value)") })) != nil {}
    say("exit")
}

do {
    try run()
} catch {
    say("error: \(error)")
    exit(1)
}
