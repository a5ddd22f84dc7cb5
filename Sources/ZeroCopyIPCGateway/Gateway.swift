import ZeroCopyIPC

/// Carries request-response and publish-subscribe services between hosts over a ``GatewayTransport``.
///
/// On its own host a gateway announces every carried service that has a real server or publisher (one on a node
/// that is not a gateway's), and serves remote requests and subscriptions through proxy ports of its own node.
/// For a service announced by another host it probes the origin over the data path and, once answered, creates the
/// same service here with a proxy server or publisher; it refuses a service whose local twin differs, naming the
/// differing fields, and removes the mirror when the origin withdraws it or loses its liveliness lease.
///
/// Gateways recognise each other's nodes by the name prefix ``nodeNamePrefix``, so a gateway never announces a
/// service whose only server is another gateway's mirror, and never echoes the samples of its own proxy publishers.
/// A gateway runs on one thread: call ``step(timeout:)`` in a loop, then ``shutdown()``.
public final class Gateway {
    /// The name prefix of every gateway's node.
    public static let nodeNamePrefix = "zcipc-gateway"

    /// This gateway's id on the data path (random per run).
    public let id: UInt64
    /// The gateway's node, which owns every proxy port.
    public let node: Node
    let config: Config
    let options: GatewayOptions
    let transport: GatewayTransport
    let report: (GatewayEvent) -> Void

    var exportedRequestResponse: [String: ExportedRequestResponse] = [:]
    var exportedPublishSubscribe: [String: ExportedPublishSubscribe] = [:]
    var probing: [String: (announcement: Announcement, probe: UInt64, sent: ContinuousClock.Instant)] = [:]
    var refused: Set<String> = []
    var mirroredRequestResponse: [String: (announcement: Announcement, mirror: MirroredRequestResponse)] = [:]
    var mirroredPublishSubscribe: [String: (announcement: Announcement, mirror: MirroredPublishSubscribe)] = [:]
    /// What ``step(timeout:)`` blocks on: the proxy ports' wake words and the listener that arrivals notify.
    let waitSet: WaitSet
    let wakeService: EventService
    let wakeListener: Listener
    var wakeGuard: WaitSetGuard?
    var lastScan: ContinuousClock.Instant? = nil
    var lastCleanup: ContinuousClock.Instant? = nil

    /// Creates a gateway and its node.
    /// - Parameters:
    ///   - config: The config whose services to carry (root folder and prefix).
    ///   - options: What to carry and the host's name.
    ///   - transport: The engine between hosts.
    ///   - events: Called with every event, on the thread that calls ``step(timeout:)``.
    /// - Throws: ``GatewayError`` when the node cannot be created.
    public init(
        config: Config, options: GatewayOptions, transport: GatewayTransport,
        events: @escaping (GatewayEvent) -> Void
    ) throws(GatewayError) {
        id = UInt64.random(in: 1...UInt64.max)
        self.config = config
        self.options = options
        self.transport = transport
        report = events
        do {
            node = try NodeBuilder().name("\(Self.nodeNamePrefix)/\(String(id, radix: 16))").config(config)
                .signalHandling(.disabled).create()
            waitSet = try WaitSetBuilder().capacity(Self.waitSetCapacity).signalHandling(.disabled).create()
            // Arrivals from the network wake the WaitSet through an event of the gateway's own: one WaitSet then
            // waits for both, without spinning and without a fixed sleep.
            wakeService = try node.serviceBuilder(try ServiceName("\(Self.nodeNamePrefix)/\(String(id, radix: 16))/wake"))
                .event().create()
            wakeListener = try wakeService.listenerBuilder().create()
            let notifier = SendableBox(try wakeService.notifierBuilder().create())
            transport.setArrivalHandler { _ = try? notifier.value.notify() }
        } catch {
            throw GatewayError("creating the gateway's node and WaitSet: \(error)")
        }
        wakeGuard = try? waitSet.attachNotification(wakeListener)
        transport.receive(channel: Channels.inbox(id))
    }

    /// One round: scans the local services when due, handles what arrived from other gateways (waiting at most
    /// `timeout` for it), and relays what local ports received.
    /// - Returns: How much happened; 0 when the round found nothing to do.
    @discardableResult
    public func step(timeout: Duration = .zero) -> Int {
        var activity = 0
        let now = ContinuousClock.now
        if lastScan.map({ now - $0 >= options.scanInterval }) ?? true {
            lastScan = now
            activity += scan()
            activity += reprobe(now: now)
        }
        activity += pump()
        activity += transport.poll(timeout: .zero) { event in self.handle(event) }
        if activity == 0 && timeout > .zero {
            // Nothing to do: sleep until a proxy port receives, something arrives from the network, or `timeout`.
            _ = try? waitSet.waitAndProcessOnce(timeout: timeout) { _ in .stop }
            wakeListener.tryWaitAll { _ in }
            activity += pump()
            activity += transport.poll(timeout: .zero) { event in self.handle(event) }
        }
        return activity
    }

    /// The most proxy ports and forwarded requests the WaitSet watches; beyond, they are looked at every step.
    static let waitSetCapacity = 512

    /// Attaches what `attach` returns a guard for; `nil` when the WaitSet is full (the port is still polled).
    func watch(_ attach: (WaitSet) throws(WaitSetAttachmentError) -> WaitSetGuard) -> WaitSetGuard? {
        do throws(WaitSetAttachmentError) {
            return try attach(waitSet)
        } catch {
            return nil
        }
    }

    /// Withdraws every announcement and removes every mirror: what SIGTERM does.
    public func shutdown() {
        for name in exportedRequestResponse.keys.sorted() { unexport(name, .server) }
        for name in exportedPublishSubscribe.keys.sorted() { unexport(name, .publisher) }
        for key in mirroredRequestResponse.keys.sorted() { removeMirror(key: key, reason: "the gateway stops") }
        for key in mirroredPublishSubscribe.keys.sorted() { removeMirror(key: key, reason: "the gateway stops") }
        transport.stopReceiving(channel: Channels.inbox(id))
        transport.setArrivalHandler {}
        detachWake()
    }

    func send(_ channel: String, _ frame: GatewayFrame) {
        do throws(GatewayTransportError) {
            try transport.publish(channel: channel, frame.encoded)
        } catch {
            report(.problem("sending a \(frame.kind) frame of '\(frame.service)': \(error)"))
        }
    }

    /// Drops the wake attachment and the wake service's ports; called from ``shutdown()``.
    func detachWake() { wakeGuard = nil }

    /// The proxy publishers' ids: samples from them came from another host and are not sent back.
    var ownPublishers: Set<UInt64> { Set(mirroredPublishSubscribe.values.map(\.mirror.publisher.id)) }

    func pump() -> Int {
        var activity = 0
        for exported in exportedRequestResponse.values { activity += exported.pump(send: send, report: report) }
        if !exportedPublishSubscribe.isEmpty {
            // Built only when there are samples to look at: a request-response round trip allocates nothing here.
            let own = ownPublishers
            for exported in exportedPublishSubscribe.values {
                activity += exported.pump(ownPublishers: own, send: send, report: report)
            }
        }
        for mirrored in mirroredRequestResponse.values { activity += mirrored.mirror.pump(send: send, report: report) }
        return activity
    }
}

/// Hands a value to another thread that alone uses it from then on (the notifier to the transport's arrival thread).
final class SendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
