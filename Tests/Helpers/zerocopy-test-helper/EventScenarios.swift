import Glibc
import ZeroCopyIPC

// Event scenarios. The test process creates the event service with the settings it checks; these helpers open it
// as it is.

private func openEvent(_ node: Node, _ options: Options) -> EventService {
    do {
        return try node.serviceBuilder(ServiceName(options.service)).event().open()
    } catch {
        fail("open event service: \(error)")
    }
}

/// Waits for `--listeners` listeners, notifies each id of `--ids` (comma-separated) once, prints
/// `REACHED n` per id, and `TOO_LARGE <error>` for `--too-large` id if given.
func runEventNotifier(_ options: Options) {
    let node = makeNode(options, "event-notifier")
    let service = openEvent(node, options)
    let notifier: Notifier
    do {
        notifier = try service.notifierBuilder().create()
    } catch {
        fail("notifier: \(error)")
    }
    let listeners = options.int("listeners", 1)
    waitFor("\(listeners) listeners", seconds: 120) { notifier.numberOfListeners >= listeners }
    for id in options.string("ids", "1").split(separator: ",").compactMap({ Int($0) }) {
        do {
            say("REACHED \(try notifier.notify(eventId: EventId(id)))")
        } catch {
            fail("notify: \(error)")
        }
    }
    if let tooLarge = Int(options.string("too-large")) {
        do {
            _ = try notifier.notify(eventId: EventId(tooLarge))
            say("TOO_LARGE none")
        } catch {
            if case .eventIdOutOfBounds = error { say("TOO_LARGE eventIdOutOfBounds") } else { say("TOO_LARGE \(error)") }
        }
    }
    if options.string("hold") == "1" {
        say("HOLDING")
        while true { pause() }
    }
}

/// Prints `READY` once listening, then collects ids until it has `--count` of them (each wait hands over every
/// pending id once) and prints `IDS a,b,…` in the order received.
func runEventListener(_ options: Options) {
    let node = makeNode(options, "event-listener")
    let service = openEvent(node, options)
    let listener: Listener
    do {
        listener = try service.listenerBuilder().create()
    } catch {
        fail("listener: \(error)")
    }
    say("READY")
    let count = options.int("count", 1)
    var ids: [Int] = []
    let deadline = ContinuousClock.now + .seconds(60)
    while ids.count < count {
        if ContinuousClock.now > deadline { fail("only \(ids) after 60 s") }
        listener.timedWaitAll(.seconds(1)) { ids.append($0.value) }
    }
    // Nothing more arrives for what was sent once.
    listener.timedWaitAll(.milliseconds(200)) { ids.append($0.value) }
    say("IDS \(ids.map(String.init).joined(separator: ","))")
}
