// The notifier of the event example: once a second it notifies the listeners of "MyEventName" with an event id
// (0, 1, … 11, then again) and prints how many it reached. Run `swift run event_listener` in a second terminal;
// Ctrl-C ends it cleanly.
import Glibc
import ZeroCopyIPC

/// Prints a line at once, also when the output goes to a pipe.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

/// The largest event id of the example's service: ids 0...11.
let eventIdMaxValue = 11

// Inside a function rather than at top level: top-level values are globals that are never deinitialised, and the
// node, service and notifier give their shared memory back when they are.
func run() throws {
    let node = try NodeBuilder().name("event_notifier").create()
    let service = try node.serviceBuilder(ServiceName("MyEventName")).event()
        .eventIdMaxValue(eventIdMaxValue)
        .openOrCreate()
    let notifier = try service.notifierBuilder().create()

    var counter = 0
    // `wait` sleeps a second and throws on SIGINT/SIGTERM, which ends the loop.
    while (try? node.wait(.seconds(1))) != nil {
        let id = EventId(counter % (eventIdMaxValue + 1))
        let reached = try notifier.notify(eventId: id)
        say("Trigger event with id \(id.value) (reached \(reached) listener(s)) ...")
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
