import ArgumentParser
@_spi(Untyped) import ZeroCopyIPC
import ZeroCopyIPCTools

/// `zcipc service call NAME '{json}' [--header '{json}'] [--timeout S]`.
struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Send a request, given as JSON, and print every response of its stream, decoded field by field.",
        discussion: """
            The request is checked against the recorded layout as `publish` checks a sample. If no server is \
            connected yet, waits for one. Prints each response with its server and user header (--json: one JSON \
            object a line) and ends when every server has ended the stream (exit code 0), when --timeout passes \
            first (exit code 3) or on Ctrl-C (exit code 0).
            """)
    @OptionGroup var options: GlobalOptions
    @Argument(help: "The service's name.") var name: String
    @Argument(help: "The request as JSON.") var request: String
    @Option(help: "The request's user header as JSON, when the service's requests carry one.") var header: String?
    @Flag(help: "Leave omitted fields (and an omitted user header) zero instead of refusing them.") var zeroFill = false
    @Option(help: "Stop after this many seconds, counted from the start (exit code 3 if the stream had not ended).")
    var timeout: Double?

    func validate() throws {
        if let timeout, !(timeout >= 0) { throw ValidationError("--timeout must be a number of seconds, 0 or more") }
    }

    func run() throws {
        try reporting {
            let value = try encoding { () throws(PayloadEncodingError) in try JSONInput.parse(request) }
            let headerValue = try header.map { text in
                try encoding { () throws(PayloadEncodingError) in try JSONInput.parse(text) }
            }
            let loop = try LiveLoop(options, deadline: timeout.map { ContinuousClock.now + .seconds($0) })
            let (service, requestCodec, responseCodec) = try access { () throws(ServiceAccessError) in
                try loop.session.openRequestResponse(name)
            }
            let message = try encoding { () throws(PayloadEncodingError) in
                try requestCodec.encode(value, header: headerValue, zeroFill: zeroFill)
            }
            let client = try runtime("creating a client") {
                try service.clientBuilder().initialMaxSliceLen(max(1, message.count)).create()
            }
            guard loop.wait(until: { service.numberOfServers > 0 }) else {
                if loop.interrupted { return }
                throw Failure(
                    message: "no server of '\(name)' connected within --timeout \(timeout ?? 0) s; nothing was sent",
                    code: ExitCodes.timedOut)
            }
            let pending = try Self.send(message, with: client)
            var received = 0
            var ended = false
            while !loop.interrupted, !loop.timedOut {
                let next = try runtime("receiving a response") { try pending.receive(timeout: loop.nextWait) }
                guard let response = next else {
                    if !pending.isConnected && !pending.hasResponse {
                        ended = true
                        break
                    }
                    continue
                }
                let view = response.raw
                let origin = response.header
                let line = MessageLine(
                    origin: [
                        ("server", .string(Inventory.hex(origin.serverId))),
                        ("requestId", .integer(Int128(origin.requestId))),
                    ],
                    userHeader: responseCodec.decodeUserHeader(view), payload: responseCodec.decodePayload(view))
                _ = consume response
                received += 1
                let text =
                    options.json
                    ? line.json : line.text(title: "response \(received) from server \(Inventory.hex(origin.serverId))")
                guard emit(text) else { break }
            }
            if !ended && loop.timedOut && !loop.interrupted {
                throw Failure(
                    message: "the response stream had not ended within --timeout \(timeout ?? 0) s (\(received) "
                        + "response\(received == 1 ? "" : "s") received)",
                    code: ExitCodes.timedOut)
            }
            if !options.json && received == 0 && ended { print("the stream ended without a response") }
            _ = consume pending
            withExtendedLifetime((client, service)) {}
        }
    }

    /// Loans a request, writes the message into it and sends it.
    private static func send(_ message: MessageCodec.Encoded, with client: Client<[UInt8], [UInt8]>)
        throws(Failure) -> PendingResponse<[UInt8], [UInt8]>
    {
        let loan: RequestMut<[UInt8], [UInt8]>
        do throws(LoanError) {
            loan = try client.loanRaw(count: message.count)
        } catch {
            throw Failure(message: "loaning a request: \(error)")
        }
        message.write(into: loan.raw)
        do throws(SendError) {
            return try loan.send()
        } catch {
            throw Failure(message: "sending the request: \(error)")
        }
    }
}
