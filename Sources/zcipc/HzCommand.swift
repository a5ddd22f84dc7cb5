import ArgumentParser
import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service hz NAME [--window S] [--count N] [--timeout S]`.
struct HzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hz",
        abstract: "Print the sample rate of a publish-subscribe service, one report per window.",
        discussion: """
            Subscribes and counts the samples that arrive in each window: samples per second, the number of \
            publishers heard, and samples lost (gaps in each publisher's sequence numbers, e.g. overflowed \
            before this subscriber took them). Ends after --count reports, when --timeout passes (exit code 3 if \
            fewer than --count reports, or no sample at all, came by then) or on Ctrl-C (exit code 0).
            """)
    @OptionGroup var options: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Argument(help: "The service's name.") var name: String
    @Option(help: "The length of one window in seconds.") var window = 1.0

    func validate() throws {
        if !(window > 0) { throw ValidationError("--window must be a positive number of seconds") }
    }

    /// One window's counts.
    struct Window {
        var samples = 0
        var lost: UInt64 = 0
        var publishers: Set<UInt64> = []
    }

    func run() throws {
        try reporting {
            let loop = try LiveLoop(options, deadline: wait.deadline())
            let (service, _) = try access { () throws(ServiceAccessError) in
                try loop.session.openPublishSubscribe(name)
            }
            let subscriber = try runtime("creating a subscriber") { try service.subscriberBuilder().create() }
            var lastSequence: [UInt64: UInt64] = [:]
            var reports = 0
            var total = 0
            var current = Window()
            var windowStart = ContinuousClock.now
            func report(until end: ContinuousClock.Instant) -> Bool {
                let elapsed = end - windowStart
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let rate = seconds > 0 ? Double(current.samples) / seconds : 0
                reports += 1
                let line =
                    options.json
                    ? PayloadValue.object([
                        .init("window", .number(seconds)), .init("samples", .integer(Int128(current.samples))),
                        .init("rate", .number(rate)), .init("publishers", .integer(Int128(current.publishers.count))),
                        .init("lost", .integer(Int128(current.lost))),
                    ]).json
                    : "\(formatted(rate)) Hz  (\(current.samples) samples in \(formatted(seconds)) s, "
                        + "\(current.publishers.count) publisher\(current.publishers.count == 1 ? "" : "s"), "
                        + "\(current.lost) lost)"
                current = Window()
                windowStart = end
                return emit(line)
            }
            receiving: while !wait.isDone(reports), !loop.interrupted, !loop.timedOut {
                let windowEnd = windowStart + .seconds(window)
                while ContinuousClock.now < windowEnd {
                    if loop.interrupted || loop.timedOut { break receiving }
                    let next = try runtime("receiving") {
                        try subscriber.receive(timeout: min(loop.nextWait, max(.zero, windowEnd - ContinuousClock.now)))
                    }
                    guard let sample = next else { continue }
                    let header = sample.header
                    _ = consume sample
                    if let last = lastSequence[header.publisherId], header.sequenceNumber > last + 1 {
                        current.lost += header.sequenceNumber - last - 1
                    }
                    lastSequence[header.publisherId] = header.sequenceNumber
                    current.publishers.insert(header.publisherId)
                    current.samples += 1
                    total += 1
                }
                guard report(until: windowEnd) else { break }
            }
            // A window cut short by the deadline or Ctrl-C still says what it saw.
            if current.samples > 0, !wait.isDone(reports) { _ = report(until: ContinuousClock.now) }
            if loop.timedOut && !loop.interrupted && (wait.count.map { reports < $0 } ?? (total == 0)) {
                throw Failure(
                    message: "\(total) samples and \(reports) reports within --timeout \(wait.timeout ?? 0) s",
                    code: ExitCodes.timedOut)
            }
            withExtendedLifetime((subscriber, service)) {}
        }
    }

    private func formatted(_ value: Double) -> String {
        let hundredths = (value * 100).rounded()
        let whole = Int(hundredths / 100)
        let fraction = Int(abs(hundredths).truncatingRemainder(dividingBy: 100))
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
