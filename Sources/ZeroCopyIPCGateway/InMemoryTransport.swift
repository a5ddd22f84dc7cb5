import Synchronization

/// A ``GatewayTransport`` inside one process, for tests without a network: every transport made from one bus sees
/// the announcements and frames of the others, as gateways on one DDS domain do. ``InMemoryTransport/loseLiveliness()``
/// stands in for a host that dies: the others see its announcements withdrawn with `livelinessLost`.
public final class InMemoryBus: Sendable {
    struct State {
        var announcements: [String: (owner: Int, bytes: [UInt8])] = [:]
        var inboxes: [Int: [GatewayTransportEvent]] = [:]
        var channels: [Int: Set<String>] = [:]
        var next = 0
    }

    let state = Mutex(State())

    /// Creates an empty bus.
    public init() {}

    /// A transport attached to this bus; it receives every announcement already made.
    public func makeTransport() -> InMemoryTransport {
        let id = state.withLock { state in
            state.next += 1
            state.inboxes[state.next] = state.announcements.sorted { $0.key < $1.key }
                .map { .announced(key: $0.key, bytes: $0.value.bytes) }
            state.channels[state.next] = []
            return state.next
        }
        return InMemoryTransport(bus: self, id: id)
    }

    func deliver(from sender: Int, _ event: GatewayTransportEvent, channel: String? = nil) {
        state.withLock { state in
            for id in state.inboxes.keys where id != sender {
                if let channel, state.channels[id]?.contains(channel) != true { continue }
                state.inboxes[id]?.append(event)
            }
        }
    }
}

/// One gateway's end of an ``InMemoryBus``.
public final class InMemoryTransport: GatewayTransport {
    let bus: InMemoryBus
    let id: Int

    init(bus: InMemoryBus, id: Int) {
        self.bus = bus
        self.id = id
    }

    deinit { detach(reason: .withdrawn) }

    public func announce(key: String, _ announcement: [UInt8]) throws(GatewayTransportError) {
        bus.state.withLock { $0.announcements[key] = (id, announcement) }
        bus.deliver(from: id, .announced(key: key, bytes: announcement))
    }

    public func withdraw(key: String) throws(GatewayTransportError) {
        let removed = bus.state.withLock { $0.announcements.removeValue(forKey: key) != nil }
        if removed { bus.deliver(from: id, .withdrawn(key: key, reason: .withdrawn)) }
    }

    public func publish(channel: String, _ frame: [UInt8]) throws(GatewayTransportError) {
        bus.deliver(from: id, .frame(channel: channel, bytes: frame), channel: channel)
    }

    /// Tests step their gateways without waiting; nothing needs waking.
    public func setArrivalHandler(_ handler: @escaping @Sendable () -> Void) {}

    public func receive(channel: String) { _ = bus.state.withLock { $0.channels[id]?.insert(channel) } }

    public func stopReceiving(channel: String) { _ = bus.state.withLock { $0.channels[id]?.remove(channel) } }

    @discardableResult
    public func poll(timeout: Duration, _ handle: (GatewayTransportEvent) -> Void) -> Int {
        let events = bus.state.withLock { state in
            defer { state.inboxes[id] = state.inboxes[id] == nil ? nil : [] }
            return state.inboxes[id] ?? []
        }
        for event in events { handle(event) }
        return events.count
    }

    /// Stands in for this gateway's host dying: it leaves the bus, and the others see each of its announcements
    /// withdrawn with ``GatewayTransportEvent/WithdrawReason/livelinessLost``.
    public func loseLiveliness() { detach(reason: .livelinessLost) }

    private func detach(reason: GatewayTransportEvent.WithdrawReason) {
        let keys = bus.state.withLock { state -> [String] in
            guard state.inboxes.removeValue(forKey: id) != nil else { return [] }
            state.channels[id] = nil
            let mine = state.announcements.filter { $0.value.owner == id }.map(\.key).sorted()
            for key in mine { state.announcements[key] = nil }
            return mine
        }
        for key in keys { bus.deliver(from: id, .withdrawn(key: key, reason: reason)) }
    }
}
