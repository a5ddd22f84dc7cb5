import ZeroCopyIPC

/// A node as `zcipc node list` reports it.
public struct NodeReport: Codable, Sendable, Hashable {
    /// The node's id, 16 hexadecimal digits.
    public var id: String
    /// The node's name.
    public var name: String
    /// The process that created it, if recorded.
    public var pid: Int32?
    /// `alive` or `dead`.
    public var state: String
    /// The services the node has open, by name.
    public var services: [String]

    /// Creates a report.
    public init(id: String, name: String, pid: Int32?, state: String, services: [String]) {
        self.id = id
        self.name = name
        self.pid = pid
        self.state = state
        self.services = services
    }
}

/// A payload or user header as `zcipc service details` reports it.
public struct PayloadReport: Codable, Sendable, Hashable {
    /// One field of the payload's root struct.
    public struct Field: Codable, Sendable, Hashable {
        /// The field's name.
        public var name: String
        /// Its offset.
        public var offset: Int
        /// Its size.
        public var size: Int
        /// Its type, as the layout text writes it.
        public var type: String
    }

    /// `payload`, `user-header`, `request`, `response`, `request-header` or `response-header`.
    public var role: String
    /// The cross-language type name.
    public var type: String
    /// `fixed` or `slice`.
    public var variant: String
    /// The element's size.
    public var size: Int
    /// The element's alignment in shared memory.
    public var alignment: Int
    /// The layout fingerprint, `0x` and 16 hexadecimal digits.
    public var fingerprint: String
    /// The full field layout text (see docs/layout-description.md), `nil` when the service has none.
    public var layout: String?
    /// The root struct's fields (empty for other types or without a layout).
    public var fields: [Field]
}

/// A connected port as `zcipc service details` reports it.
public struct PortReport: Codable, Sendable, Hashable {
    /// `client`, `server`, `publisher`, `subscriber`, `notifier` or `listener`.
    public var kind: String
    /// The port's id, 16 hexadecimal digits.
    public var id: String
    /// The owning node's id.
    public var node: String
    /// The owning node's name, if it is known.
    public var nodeName: String?
    /// The owning node's process, if it is known.
    public var pid: Int32?
}

/// A service as `zcipc service list` and `service details` report it.
public struct ServiceReport: Codable, Sendable, Hashable {
    /// The service's name.
    public var name: String
    /// `request-response`, `publish-subscribe` or `event`.
    public var pattern: String
    /// Payload types and user headers.
    public var payloads: [PayloadReport]
    /// Every limit and behaviour the creator fixed, by config key.
    public var limits: [String: String]
    /// The creator's attributes, `[key, value]` pairs in order.
    public var attributes: [[String]]
    /// The nodes that have the service open.
    public var nodes: [NodeReport]
    /// The connected ports.
    public var ports: [PortReport]
    /// How many ports of each kind are connected, and how many nodes have it open.
    public var counts: [String: Int]
}

/// Reads what is running under a config: nodes, services and what cleanup would remove.
public struct Inventory: Sendable {
    /// The config whose root and prefix are scanned.
    public var config: Config

    /// Creates an inventory over `config`.
    public init(config: Config) { self.config = config }

    /// Every node, sorted by id.
    public func nodes() -> [NodeReport] {
        let services = Service.snapshots(config: config)
        return Node.list(config: config).sorted { $0.id < $1.id }.map { info in
            NodeReport(
                id: Self.hex(info.id), name: info.name, pid: info.processID,
                state: info.state == .alive ? "alive" : "dead",
                services: services.filter { $0.nodes.contains(info.id) }.map(\.name))
        }
    }

    /// Every service, sorted by name.
    public func services() -> [ServiceReport] {
        let nodes = nodes()
        return Service.snapshots(config: config).map { report($0, nodes: nodes) }
    }

    /// The layout of the payload of `role` of a service, from its static config.
    package func snapshot(named name: String) -> ServiceSnapshot? {
        Service.snapshots(config: config).first { $0.name == name }
    }

    private func report(_ snapshot: ServiceSnapshot, nodes: [NodeReport]) -> ServiceReport {
        var payloads: [(String, PayloadDescriptor?)] = []
        var limits: [String: String] = [:]
        let kinds: (String, String)
        if let config = snapshot.requestResponse {
            payloads = [
                ("request", config.request), ("response", config.response), ("request-header", config.requestHeader),
                ("response-header", config.responseHeader),
            ]
            let l = config.limits
            limits = [
                "max-clients": "\(l.maxClients)", "max-servers": "\(l.maxServers)", "max-nodes": "\(l.maxNodes)",
                "max-active-requests-per-client": "\(l.maxActiveRequestsPerClient)",
                "max-loaned-requests": "\(l.maxLoanedRequests)",
                "max-response-buffer-size": "\(l.maxResponseBufferSize)",
                "max-borrowed-responses-per-pending-response": "\(l.maxBorrowedResponsesPerPendingResponse)",
                "max-loaned-responses-per-request": "\(l.maxLoanedResponsesPerRequest)",
                "enable-safe-overflow-for-requests": "\(l.enableSafeOverflowForRequests)",
                "enable-safe-overflow-for-responses": "\(l.enableSafeOverflowForResponses)",
                "enable-fire-and-forget-requests": "\(l.enableFireAndForgetRequests)",
            ]
            kinds = ("client", "server")
        } else if let config = snapshot.publishSubscribe {
            payloads = [("payload", config.payload), ("user-header", config.userHeader)]
            let l = config.limits
            limits = [
                "max-publishers": "\(l.maxPublishers)", "max-subscribers": "\(l.maxSubscribers)",
                "max-nodes": "\(l.maxNodes)", "history-size": "\(l.historySize)",
                "subscriber-max-buffer-size": "\(l.subscriberMaxBufferSize)",
                "subscriber-max-borrowed-samples": "\(l.subscriberMaxBorrowedSamples)",
                "enable-safe-overflow": "\(l.enableSafeOverflow)",
            ]
            kinds = ("publisher", "subscriber")
        } else if let config = snapshot.event {
            let s = config.settings
            func id(_ value: EventId?) -> String { value.map { "\($0.value)" } ?? "none" }
            limits = [
                "max-notifiers": "\(s.maxNotifiers)", "max-listeners": "\(s.maxListeners)",
                "max-nodes": "\(s.maxNodes)",
                "event-id-max-value": "\(s.eventIdMaxValue)",
                "deadline-ms": s.deadline.map {
                    "\($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)"
                } ?? "none",
                "notifier-created-event": id(s.notifierCreatedEvent),
                "notifier-dropped-event": id(s.notifierDroppedEvent),
                "notifier-dead-event": id(s.notifierDeadEvent),
            ]
            kinds = ("notifier", "listener")
        } else {
            kinds = ("port", "port")
        }
        func port(_ kind: String, _ port: ServiceSnapshot.Port) -> PortReport {
            let owner = nodes.first { $0.id == Self.hex(port.node) }
            return PortReport(
                kind: kind, id: Self.hex(port.id), node: Self.hex(port.node), nodeName: owner?.name, pid: owner?.pid)
        }
        let ports = snapshot.firstPorts.map { port(kinds.0, $0) } + snapshot.secondPorts.map { port(kinds.1, $0) }
        return ServiceReport(
            name: snapshot.name, pattern: snapshot.pattern.rawValue,
            payloads: payloads.compactMap { role, descriptor in descriptor.map { Self.report(role, $0) } },
            limits: limits, attributes: snapshot.attributes.map { [$0.key, $0.value] },
            nodes: snapshot.nodes.map { id in
                nodes.first { $0.id == Self.hex(id) }
                    ?? NodeReport(id: Self.hex(id), name: "", pid: nil, state: "unknown", services: [snapshot.name])
            },
            ports: ports,
            counts: [
                "\(kinds.0)s": snapshot.firstPorts.count, "\(kinds.1)s": snapshot.secondPorts.count,
                "nodes": snapshot.nodes.count,
            ])
    }

    static func report(_ role: String, _ payload: PayloadDescriptor) -> PayloadReport {
        var fields: [PayloadReport.Field] = []
        if let layout = payload.layoutDescription, case .named(let root) = layout.root,
            case .structure(_, _, _, let members)? = layout.declaration(named: root)
        {
            fields = members.map { .init(name: $0.name, offset: $0.offset, size: $0.size, type: "\($0.type)") }
        }
        return PayloadReport(
            role: role, type: payload.typeName, variant: payload.variant.rawValue, size: payload.size,
            alignment: payload.alignment, fingerprint: hex(payload.fingerprint, prefix: "0x"), layout: payload.layout,
            fields: fields)
    }

    /// 16 hexadecimal digits, as node and port ids are written everywhere.
    public static func hex(_ value: UInt64, prefix: String = "") -> String {
        let digits = String(value, radix: 16)
        return prefix + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
