import ArgumentParser
@_spi(Untyped) import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service subscribe NAME [--count N] [--timeout S]`.
struct SubscribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe",
        abstract: "Print the samples of a publish-subscribe service, decoded field by field.",
        discussion: """
            Opens the service with the payload and user-header layout its static config recorded (no definition \
            needed) through a subscriber of its own, which goes away on exit. Prints each sample with its \
            publisher, sequence number and user header; --json prints one JSON object a line. Ends after --count \
            samples, when --timeout passes (exit code 3 if fewer than --count, or none, arrived) or on Ctrl-C \
            (exit code 0).
            """)
    @OptionGroup var options: GlobalOptions
    @OptionGroup var wait: WaitOptions
    @Argument(help: "The service's name.") var name: String

    func run() throws {
        try reporting {
            let loop = try LiveLoop(options, deadline: wait.deadline())
            let (service, codec) = try access { () throws(ServiceAccessError) in
                try loop.session.openPublishSubscribe(name)
            }
            let subscriber = try runtime("creating a subscriber") { try service.subscriberBuilder().create() }
            var received = 0
            while !wait.isDone(received), !loop.interrupted, !loop.timedOut {
                let next = try runtime("receiving") { try subscriber.receive(timeout: loop.nextWait) }
                guard let sample = next else { continue }
                let view = sample.raw
                let header = sample.header
                let line = MessageLine(
                    origin: [
                        ("publisher", .string(Inventory.hex(header.publisherId))),
                        ("sequence", .integer(Int128(header.sequenceNumber))),
                    ],
                    userHeader: codec.decodeUserHeader(view), payload: codec.decodePayload(view))
                _ = consume sample
                received += 1
                let text =
                    options.json
                    ? line.json
                    : line.text(
                        title: "sample \(received) from publisher \(Inventory.hex(header.publisherId)) "
                            + "(sequence \(header.sequenceNumber))")
                guard emit(text) else { break }
            }
            let wanted = wait.count ?? 1
            if loop.timedOut && received < wanted && !loop.interrupted {
                throw Failure(
                    message: "\(received) of \(wait.count.map(String.init) ?? "at least 1") samples arrived within "
                        + "--timeout \(wait.timeout ?? 0) s",
                    code: ExitCodes.timedOut)
            }
            withExtendedLifetime((subscriber, service)) {}
        }
    }
}
