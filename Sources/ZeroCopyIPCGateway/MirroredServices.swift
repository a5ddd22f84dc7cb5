@_spi(Untyped) import ZeroCopyIPC

/// A request a local client sent to the proxy server, waiting for the remote stream's responses.
final class RelayedRequest {
    let active: ActiveRequest<[UInt8], [UInt8]>
    init(_ active: consuming ActiveRequest<[UInt8], [UInt8]>) { self.active = active }
}

/// The remote side of a request-response service: the same service created here, with a proxy server on the
/// gateway's node that forwards each local client's request to the origin gateway and writes every response of
/// the stream into the request's own response channel, so that it reaches the right `PendingResponse`.
final class MirroredRequestResponse {
    let name: String
    let origin: UInt64
    let source: UInt64
    let config: RequestResponseStaticConfig
    let service: RequestResponseService<[UInt8], [UInt8]>
    let server: Server<[UInt8], [UInt8]>
    var requests: [UInt64: RelayedRequest] = [:]
    var nextId: UInt64 = 1
    /// Wakes the gateway when a local client sends a request.
    var wake: WaitSetGuard?

    deinit { wake = nil }

    init(node: Node, config: RequestResponseStaticConfig, origin: UInt64, source: UInt64) throws(GatewayError) {
        name = config.name
        self.origin = origin
        self.source = source
        self.config = config
        do {
            let l = config.limits
            var attributes = AttributeSpecifier()
            for attribute in config.attributes { attributes = attributes.define(key: attribute.key, value: attribute.value) }
            let builder = node.serviceBuilder(try ServiceName(name)).requestResponse([UInt8].self, [UInt8].self)
                .runtimePayloads(request: config.request, response: config.response)
                .runtimeUserHeaders(request: config.requestHeader, response: config.responseHeader)
                .maxClients(l.maxClients).maxServers(l.maxServers).maxNodes(l.maxNodes)
                .maxActiveRequestsPerClient(l.maxActiveRequestsPerClient).maxLoanedRequests(l.maxLoanedRequests)
                .maxResponseBufferSize(l.maxResponseBufferSize)
                .maxBorrowedResponsesPerPendingResponse(l.maxBorrowedResponsesPerPendingResponse)
                .maxLoanedResponsesPerRequest(l.maxLoanedResponsesPerRequest)
                .enableSafeOverflowForRequests(l.enableSafeOverflowForRequests)
                .enableSafeOverflowForResponses(l.enableSafeOverflowForResponses)
                .enableFireAndForgetRequests(l.enableFireAndForgetRequests)
            service = try Self.openOrCreate(builder, attributes)
            server = try service.serverBuilder().allocationStrategy(.powerOfTwo).create()
        } catch {
            throw GatewayError("creating the mirror of '\(name)': \(error)")
        }
    }

    private static func openOrCreate(
        _ builder: RequestResponseBuilder<[UInt8], [UInt8]>, _ attributes: AttributeSpecifier
    ) throws -> RequestResponseService<[UInt8], [UInt8]> {
        do {
            return try builder.createWithAttributes(attributes)
        } catch .alreadyExists {
            return try builder.open()
        }
    }

    /// Forwards the requests local clients sent, and cancels the remote streams whose clients went.
    func pump(send: FrameSender, report: (GatewayEvent) -> Void) -> Int {
        var activity = 0
        while let request = server.receive() {
            let copy = MessageCopy.read(request.raw, headerSize: config.requestHeader?.size)
            let id = nextId
            nextId += 1
            requests[id] = RelayedRequest(request)
            send(
                Channels.inbox(origin),
                GatewayFrame(
                    kind: .request, source: source, service: name, correlation: id, elementCount: UInt32(copy.count),
                    userHeader: copy.header, payload: copy.payload))
            activity += 1
        }
        for (id, relayed) in requests where !relayed.active.isConnected {
            requests[id] = nil
            send(Channels.inbox(origin), GatewayFrame(kind: .cancel, source: source, service: name, correlation: id))
            activity += 1
        }
        return activity
    }

    /// A response or the end of a stream from the origin gateway.
    func handle(_ frame: GatewayFrame, report: (GatewayEvent) -> Void) {
        guard let relayed = requests[frame.correlation] else { return }
        switch frame.kind {
        case .response:
            // The stream's last response ends it even when it is dropped.
            defer { if frame.endsStream { requests[frame.correlation] = nil } }
            do throws(GatewayFrameError) {
                try MessageCopy.check(frame, payload: config.response, header: config.responseHeader)
            } catch {
                report(.problem("\(error); the response is dropped"))
                return
            }
            do {
                let loan = try relayed.active.loanRaw(count: Int(frame.elementCount))
                MessageCopy.write(frame, into: loan.raw)
                try loan.send()
            } catch {
                report(.problem("delivering a response of '\(name)' to its client: \(error)"))
            }
        case .end:
            requests[frame.correlation] = nil
        default:
            break
        }
    }
}

/// The remote side of a publish-subscribe service: the same service created here, with a proxy publisher on the
/// gateway's node that publishes every sample the origin gateway relays.
final class MirroredPublishSubscribe {
    let name: String
    let origin: UInt64
    let config: PublishSubscribeStaticConfig
    let service: PublishSubscribeService<[UInt8]>
    let publisher: Publisher<[UInt8]>

    init(node: Node, config: PublishSubscribeStaticConfig, origin: UInt64) throws(GatewayError) {
        name = config.name
        self.origin = origin
        self.config = config
        do {
            let l = config.limits
            var attributes = AttributeSpecifier()
            for attribute in config.attributes { attributes = attributes.define(key: attribute.key, value: attribute.value) }
            let builder = node.serviceBuilder(try ServiceName(name)).publishSubscribe([UInt8].self)
                .runtimePayload(config.payload).runtimeUserHeader(config.userHeader)
                .maxPublishers(l.maxPublishers).maxSubscribers(l.maxSubscribers).maxNodes(l.maxNodes)
                .historySize(l.historySize).subscriberMaxBufferSize(l.subscriberMaxBufferSize)
                .subscriberMaxBorrowedSamples(l.subscriberMaxBorrowedSamples).enableSafeOverflow(l.enableSafeOverflow)
            do {
                service = try builder.createWithAttributes(attributes)
            } catch .alreadyExists {
                service = try builder.open()
            }
            publisher = try service.publisherBuilder().allocationStrategy(.powerOfTwo).create()
        } catch {
            throw GatewayError("creating the mirror of '\(name)': \(error)")
        }
    }

    /// Publishes a sample the origin relayed.
    func handle(_ frame: GatewayFrame, report: (GatewayEvent) -> Void) {
        do throws(GatewayFrameError) {
            try MessageCopy.check(frame, payload: config.payload, header: config.userHeader)
        } catch {
            report(.problem("\(error); the sample is dropped"))
            return
        }
        do throws(LoanError) {
            let loan = try publisher.loanRaw(count: Int(frame.elementCount))
            MessageCopy.write(frame, into: loan.raw)
            _ = loan.send()
        } catch {
            report(.problem("publishing a sample of '\(name)': \(error)"))
        }
    }
}

/// Why the gateway could not do something, in words that name the fix.
public struct GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
