import IPCPlatform

/// An open request-response service: builds clients and servers, and describes the service.
///
/// Keeping it alive keeps this node registered in the service; the service disappears when no node uses it.
public final class RequestResponseService<RequestPayload: ServicePayload, ResponsePayload: ServicePayload> {
    let handle: RequestResponseHandle

    /// Whether this handle created the service (`create()`, or the winning `openOrCreate()`).
    public let isCreator: Bool

    init(handle: RequestResponseHandle, isCreator: Bool) {
        self.handle = handle
        self.isCreator = isCreator
    }

    /// The service's name.
    public var name: String { handle.name.value }
    /// What the creator fixed: payload types, limits, attributes.
    public var staticConfig: RequestResponseStaticConfig { handle.config }
    /// The creator's attributes.
    public var attributes: [Attribute] { handle.config.attributes }


    /// The number of nodes that have the service open now (a node counts once, however many handles it holds).
    public var numberOfNodes: Int { handle.segment.numberOfNodes }

    /// The number of clients connected now.
    public var numberOfClients: Int { handle.segment.numberOfFirstPorts }
    /// The number of servers connected now.
    public var numberOfServers: Int { handle.segment.numberOfSecondPorts }

    /// Starts building a client.
    public func clientBuilder() -> ClientBuilder<RequestPayload, ResponsePayload> { ClientBuilder(service: handle) }
    /// Starts building a server.
    public func serverBuilder() -> ServerBuilder<RequestPayload, ResponsePayload> { ServerBuilder(service: handle) }
}

/// Service discovery.
public enum Service {
    /// A service found by ``list(config:)``.
    public struct Description: Sendable, Hashable {
        /// The service's name.
        public var name: String
        /// The messaging pattern's name, for example `"request-response"` (``MessagingPattern/rawValue``).
        public var pattern: String
        /// The messaging pattern.
        public var messagingPattern: MessagingPattern { MessagingPattern(rawValue: pattern) ?? .requestResponse }
    }

    /// Every service under `config`'s prefix, of every pattern.
    /// - Parameter config: The config whose prefix to scan.
    /// - Returns: The services found.
    public static func list(config: Config) -> [Description] {
        let names = Names(config: config)
        return SharedMemoryMapping.list(prefix: names.serviceSegmentPrefix).filter(names.isServiceSegment)
            .compactMap { segment in
                guard let mapping = try? SharedMemoryMapping.open(name: segment),
                    mapping.size > ServiceLayout.staticConfigOffset
                else { return nil }
                let fields = StaticConfigFields(ServiceSegment.staticConfigText(base: mapping.base))
                guard let (pattern, _) = portTables(of: fields) else { return nil }
                return Description(name: fields.name, pattern: pattern.rawValue)
            }
    }

    /// Whether a service with `name` and `pattern` exists.
    /// - Parameters:
    ///   - name: The service's name.
    ///   - pattern: The messaging pattern's name (``MessagingPattern/rawValue``).
    ///   - config: The config whose prefix to scan.
    /// - Returns: Whether it exists.
    public static func doesExist(name: ServiceName, pattern: String = "request-response", config: Config) -> Bool {
        list(config: config).contains { $0.name == name.value && $0.pattern == pattern }
    }

    /// Whether a service with `name` exists under `pattern`.
    /// - Parameters:
    ///   - name: The service's name.
    ///   - pattern: The messaging pattern.
    ///   - config: The config whose prefix to scan.
    /// - Returns: Whether it exists.
    public static func doesExist(name: ServiceName, pattern: MessagingPattern, config: Config) -> Bool {
        doesExist(name: name, pattern: pattern.rawValue, config: config)
    }
}
