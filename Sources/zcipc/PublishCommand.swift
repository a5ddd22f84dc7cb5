import ArgumentParser
@_spi(Untyped) import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service publish NAME '{json}' [--header '{json}'] [--repeat N] [--rate HZ]`.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Send a sample, given as JSON, to a publish-subscribe service.",
        discussion: """
            The JSON is checked field by field against the layout the service recorded: a value out of range, a \
            string too long, a wrong type, an unknown or a missing field is an error naming the field (exit code \
            1), and nothing is sent. The layout records no default values, so every field must be given \
            (optional fields may be left out), unless --zero-fill leaves the omitted ones zero. A slice payload \
            is a JSON array of its elements; bytes ([u8]) may also be {"hex": "…"}. After sending, stays until \
            every connected subscriber has taken the samples (at most --linger seconds), since a publisher that \
            leaves takes what is still queued for it along.
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The service's name.") var name: String
    @Argument(help: "The payload as JSON, e.g. '{\"id\": 3, \"label\": \"x\"}'.") var payload: String
    @Option(help: "The user header as JSON, when the service's samples carry one.") var header: String?
    @Flag(help: "Leave omitted fields (and an omitted user header) zero instead of refusing them.") var zeroFill = false
    @Option(name: .customLong("repeat"), help: "Send the sample this many times.") var repetitions = 1
    @Option(help: "Samples per second when repeating (default: as fast as they can be sent).") var rate: Double?
    @Option(help: "Wait until this many subscribers are connected before sending.") var waitForSubscribers: Int?
    @Option(help: "The longest wait for --wait-for-subscribers, in seconds (exit code 3 when it passes).")
    var timeout: Double?
    @Option(help: "After sending, stay up to this many seconds until every subscriber has taken the samples.")
    var linger = 2.0

    func validate() throws {
        if repetitions < 1 { throw ValidationError("--repeat must be at least 1") }
        if let rate, !(rate > 0) { throw ValidationError("--rate must be a positive number of samples per second") }
        if let timeout, !(timeout >= 0) { throw ValidationError("--timeout must be a number of seconds, 0 or more") }
        if !(linger >= 0) { throw ValidationError("--linger must be a number of seconds, 0 or more") }
    }

    func run() throws {
        try reporting {
            let value = try encoding { () throws(PayloadEncodingError) in try JSONInput.parse(payload) }
            let headerValue = try header.map { text in
                try encoding { () throws(PayloadEncodingError) in try JSONInput.parse(text) }
            }
            var loop = try LiveLoop(options, deadline: timeout.map { ContinuousClock.now + .seconds($0) })
            let (service, codec) = try access { () throws(ServiceAccessError) in
                try loop.session.openPublishSubscribe(name)
            }
            let message = try encoding { () throws(PayloadEncodingError) in
                try codec.encode(value, header: headerValue, zeroFill: zeroFill)
            }
            let publisher = try runtime("creating a publisher") {
                try service.publisherBuilder().initialMaxSliceLen(max(1, message.count)).create()
            }
            if let wanted = waitForSubscribers {
                let connected = loop.wait {
                    publisher.updateConnections()
                    return publisher.numberOfSubscribers >= wanted
                }
                if !connected {
                    if loop.interrupted { return }
                    throw Failure(
                        message: "\(publisher.numberOfSubscribers) of \(wanted) subscribers connected within "
                            + "--timeout \(timeout ?? 0) s; nothing was sent", code: ExitCodes.timedOut)
                }
            }
            loop.deadline = nil  // --timeout bounds the wait for subscribers only
            var sent = 0
            var reached = 0
            let start = ContinuousClock.now
            while sent < repetitions, !loop.interrupted {
                if let rate, sent > 0 {
                    let due = start + .seconds(Double(sent) / rate)
                    if due > ContinuousClock.now, !loop.pause(due - ContinuousClock.now) { break }
                }
                let sample = try runtime("loaning a sample") { try publisher.loanRaw(count: message.count) }
                message.write(into: sample.raw)
                reached = sample.send()
                sent += 1
            }
            // A subscriber that has not looked at the service since this publisher appeared would lose what waits
            // in its queues if the publisher left now: stay until they are taken (or --linger passes).
            loop.deadline = ContinuousClock.now + .seconds(linger)
            _ = loop.wait { publisher.samplesNotYetReturned == 0 }
            if options.json {
                print(
                    PayloadValue.object([
                        .init("sent", .integer(Int128(sent))), .init("subscribers", .integer(Int128(reached))),
                    ]).json)
            } else {
                print(
                    "sent \(sent) sample\(sent == 1 ? "" : "s") to '\(name)'; the last reached \(reached) "
                        + "subscriber\(reached == 1 ? "" : "s")")
            }
            withExtendedLifetime((publisher, service)) {}
        }
    }
}
