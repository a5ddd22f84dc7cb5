import ArgumentParser
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service listen NAME [--count N] [--timeout S]`.
struct ListenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listen",
        abstract: "Print the event ids an event service's notifiers send.",
        discussion: """
            Waits through a listener of its own (gone on exit); each wait hands over every pending id once. Ends \
            after --count events, when --timeout passes (exit code 3 if fewer than --count, or none, arrived) or \
            on Ctrl-C (exit code 0).
            """)
    @OptionGroup var options: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Argument(help: "The service's name.") var name: String

    func run() throws {
        try reporting {
            let loop = try LiveLoop(options, deadline: wait.deadline())
            let service = try access { () throws(ServiceAccessError) in try loop.session.openEvent(name) }
            let listener = try runtime("creating a listener") { try service.listenerBuilder().create() }
            var received = 0
            var outputGone = false
            while !wait.isDone(received), !loop.interrupted, !loop.timedOut, !outputGone {
                // One at a time, so that --count N stops after exactly N ids.
                guard let id = listener.timedWaitOne(loop.nextWait) else { continue }
                received += 1
                let line =
                    options.json
                    ? PayloadValue.object([.init("eventId", .integer(Int128(id.value)))]).json
                    : "event \(id.value)"
                outputGone = !emit(line)
            }
            if loop.timedOut && !loop.interrupted && received < (wait.count ?? 1) {
                throw Failure(
                    message: "\(received) of \(wait.count.map(String.init) ?? "at least 1") events arrived within "
                        + "--timeout \(wait.timeout ?? 0) s",
                    code: ExitCodes.timedOut)
            }
            withExtendedLifetime((listener, service)) {}
        }
    }
}

/// `zcipc service notify NAME [--event-id N] [--repeat N] [--rate HZ]`.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send an event id to the listeners of an event service.",
        discussion: """
            Notifies through a notifier of its own (gone on exit; a service with notifier created or dropped \
            events tells its listeners so, as for any notifier). An id above the service's largest event id is \
            an error (exit code 1).
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The service's name.") var name: String
    @Option(help: "The event id (default 0).") var eventId = 0
    @Option(name: .customLong("repeat"), help: "Notify this many times.") var repetitions = 1
    @Option(help: "Notifications per second when repeating (default: as fast as they can be sent).") var rate: Double?

    func validate() throws {
        if repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be a positive number per second") }
    }

    func run() throws {
        try reporting {
            let loop = try LiveLoop(options, deadline: nil)
            let service = try access { () throws(ServiceAccessError) in try loop.session.openEvent(name) }
            let largest = service.staticConfig.settings.eventIdMaxValue
            guard (0...largest).contains(eventId) else {
                throw Failure(
                    message: "--event-id \(eventId) is outside the ids of '\(name)', 0...\(largest) "
                        + "(the service's event-id-max-value)")
            }
            let notifier = try runtime("creating a notifier") { try service.notifierBuilder().create() }
            var sent = 0
            var reached = 0
            let start = ContinuousClock.now
            while sent < repetitions, !loop.interrupted {
                if let rate, sent > 0 {
                    let due = start + .seconds(Double(sent) / rate)
                    if due > ContinuousClock.now, !loop.pause(due - ContinuousClock.now) { break }
                }
                reached = try runtime("notifying") { try notifier.notify(eventId: EventId(eventId)) }
                sent += 1
            }
            if options.json {
                print(
                    PayloadValue.object([
                        .init("eventId", .integer(Int128(eventId))), .init("sent", .integer(Int128(sent))),
                        .init("listeners", .integer(Int128(reached))),
                    ]).json)
            } else {
                print(
                    "notified event \(eventId) \(sent) time\(sent == 1 ? "" : "s"); the last reached \(reached) "
                        + "listener\(reached == 1 ? "" : "s")")
            }
            withExtendedLifetime((notifier, service)) {}
        }
    }
}
