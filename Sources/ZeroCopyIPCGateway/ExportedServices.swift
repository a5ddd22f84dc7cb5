@_spi(Untyped) import ZeroCopyIPC

/// Sends a frame to a channel; how the gateway's parts reach the transport.
typealias FrameSender = (_ channel: String, _ frame: GatewayFrame) -> Void

/// The channel names on the data path: each gateway's inbox, and each origin's samples of a service.
enum Channels {
    static func inbox(_ gateway: UInt64) -> String { "gw/\(String(gateway, radix: 16))" }
    static func samples(_ gateway: UInt64, _ service: String) -> String { "pub/\(String(gateway, radix: 16))/\(service)" }
}

/// A request that a remote gateway sent here, held as the pending response of the proxy client.
final class ForwardedRequest {
    let pending: PendingResponse<[UInt8], [UInt8]>
    var sequence: UInt64 = 0
    /// Wakes the gateway when a response arrives or the stream ends.
    var wake: WaitSetGuard?
    init(_ pending: consuming PendingResponse<[UInt8], [UInt8]>) { self.pending = pending }
    deinit { wake = nil }
}

/// The origin side of a request-response service: a real server here, a proxy client on the gateway's node that
/// sends the requests of remote clients and relays every response of their streams back.
final class ExportedRequestResponse {
    struct RequestKey: Hashable {
        var gateway: UInt64
        var id: UInt64
    }

    let name: String
    let service: RequestResponseService<[UInt8], [UInt8]>
    let client: Client<[UInt8], [UInt8]>
    let config: RequestResponseStaticConfig
    let source: UInt64
    var requests: [RequestKey: ForwardedRequest] = [:]

    init(node: Node, snapshot: ServiceSnapshot, config: RequestResponseStaticConfig, source: UInt64) throws(GatewayError) {
        name = snapshot.name
        self.config = config
        self.source = source
        do {
            service = try node.serviceBuilder(try ServiceName(name)).requestResponse([UInt8].self, [UInt8].self)
                .runtimePayloads(request: config.request, response: config.response)
                .runtimeUserHeaders(request: config.requestHeader, response: config.responseHeader).open()
            client = try service.clientBuilder().allocationStrategy(.powerOfTwo).create()
        } catch {
            throw GatewayError("opening '\(name)' to carry its requests: \(error)")
        }
    }

    /// A request, end or cancel from a remote gateway.
    func handle(
        _ frame: GatewayFrame, send: FrameSender, report: (GatewayEvent) -> Void,
        watch: ((WaitSet) throws(WaitSetAttachmentError) -> WaitSetGuard) -> WaitSetGuard?
    ) {
        let key = RequestKey(gateway: frame.source, id: frame.correlation)
        switch frame.kind {
        case .request:
            do throws(GatewayFrameError) {
                try MessageCopy.check(frame, payload: config.request, header: config.requestHeader)
            } catch {
                report(.problem("\(error); the request is refused"))
                send(Channels.inbox(frame.source), reply(.end, to: key))
                return
            }
            do {
                let loan = try client.loanRaw(count: Int(frame.elementCount))
                MessageCopy.write(frame, into: loan.raw)
                let forwarded = ForwardedRequest(try loan.send())
                forwarded.wake = watch { (waitSet) throws(WaitSetAttachmentError) in
                    try waitSet.attachNotification(forwarded.pending)
                }
                requests[key] = forwarded
            } catch {
                report(.problem("forwarding a request of '\(name)' to its server: \(error); the stream ends"))
                send(Channels.inbox(frame.source), reply(.end, to: key))
            }
        case .cancel:
            requests[key] = nil
        default:
            break
        }
    }

    /// Relays the responses that arrived, and ends the streams whose servers dropped their requests.
    func pump(send: FrameSender, report: (GatewayEvent) -> Void) -> Int {
        var activity = 0
        for (key, forwarded) in requests {
            // The newest response is held back until it is known whether the server dropped the request: then it
            // goes as the stream's last, and no end frame follows.
            var held: GatewayFrame? = nil
            while true {
                let next: Response<[UInt8]>?
                do throws(ReceiveError) {
                    next = try forwarded.pending.receive()
                } catch {
                    report(.problem("receiving a response of '\(name)': \(error)"))
                    break
                }
                guard let response = next else { break }
                let copy = MessageCopy.read(response.raw, headerSize: config.responseHeader?.size)
                _ = consume response
                var frame = reply(.response, to: key)
                frame.sequence = forwarded.sequence
                frame.elementCount = UInt32(copy.count)
                frame.userHeader = copy.header
                frame.payload = copy.payload
                forwarded.sequence += 1
                if let earlier = held { send(Channels.inbox(key.gateway), earlier) }
                held = frame
                activity += 1
            }
            if !forwarded.pending.isConnected && !forwarded.pending.hasResponse {
                requests[key] = nil
                if var last = held {
                    last.endsStream = true
                    held = last
                } else {
                    send(Channels.inbox(key.gateway), reply(.end, to: key))
                    activity += 1
                }
            }
            if let last = held { send(Channels.inbox(key.gateway), last) }
        }
        return activity
    }

    /// Ends every forwarded stream: the service is no longer carried.
    func close(send: FrameSender) {
        for key in requests.keys { send(Channels.inbox(key.gateway), reply(.end, to: key)) }
        requests = [:]
    }

    private func reply(_ kind: GatewayFrame.Kind, to key: RequestKey) -> GatewayFrame {
        GatewayFrame(kind: kind, source: source, service: name, correlation: key.id)
    }
}

/// The origin side of a publish-subscribe service: a real publisher here, a subscriber on the gateway's node whose
/// samples go to every remote gateway that mirrors the service; the last `history-size` samples are kept for the
/// gateways that join later.
final class ExportedPublishSubscribe {
    let name: String
    let service: PublishSubscribeService<[UInt8]>
    let subscriber: Subscriber<[UInt8]>
    let config: PublishSubscribeStaticConfig
    let source: UInt64
    var history: [GatewayFrame] = []
    var sequence: UInt64 = 0
    /// Wakes the gateway when a sample arrives.
    var wake: WaitSetGuard?

    deinit { wake = nil }

    init(node: Node, snapshot: ServiceSnapshot, config: PublishSubscribeStaticConfig, source: UInt64)
        throws(GatewayError)
    {
        name = snapshot.name
        self.config = config
        self.source = source
        do {
            service = try node.serviceBuilder(try ServiceName(name)).publishSubscribe([UInt8].self)
                .runtimePayload(config.payload).runtimeUserHeader(config.userHeader).open()
            subscriber = try service.subscriberBuilder().bufferSize(config.limits.subscriberMaxBufferSize).create()
        } catch {
            throw GatewayError("opening '\(name)' to carry its samples: \(error)")
        }
    }

    /// Sends the samples that arrived, except those of the gateway's own proxy publishers (no echo).
    func pump(ownPublishers: Set<UInt64>, send: FrameSender, report: (GatewayEvent) -> Void) -> Int {
        var activity = 0
        while true {
            let next: Sample<[UInt8]>?
            do throws(ReceiveError) {
                next = try subscriber.receive()
            } catch {
                report(.problem("receiving a sample of '\(name)': \(error)"))
                break
            }
            guard let sample = next else { break }
            activity += 1
            if ownPublishers.contains(sample.origin) { continue }
            let copy = MessageCopy.read(sample.raw, headerSize: config.userHeader?.size)
            _ = consume sample
            let frame = GatewayFrame(
                kind: .sample, source: source, service: name, sequence: sequence, elementCount: UInt32(copy.count),
                userHeader: copy.header, payload: copy.payload)
            sequence += 1
            if config.limits.historySize > 0 {
                history.append(frame)
                if history.count > config.limits.historySize { history.removeFirst(history.count - config.limits.historySize) }
            }
            send(Channels.samples(source, name), frame)
        }
        return activity
    }

    /// Gives a gateway that just mirrored the service the samples of its history.
    func sendHistory(to gateway: UInt64, send: FrameSender) {
        for frame in history { send(Channels.inbox(gateway), frame) }
    }
}
