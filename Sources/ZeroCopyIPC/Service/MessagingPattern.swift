/// How the ports of a service talk: the kind of service a name refers to.
///
/// The same name under two patterns is two services, as in iceoryx2: each pattern's services live in their own
/// shared memory, and opening a name with another pattern than its creator's finds nothing.
public enum MessagingPattern: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Clients send requests, servers answer each with a stream of responses.
    case requestResponse = "request-response"
    /// Publishers send samples to every subscriber.
    case publishSubscribe = "publish-subscribe"
    /// Notifiers send event ids to every listener.
    case event

    /// The name used in static configs, config files and messages.
    public var description: String { rawValue }
}

/// The sizes of a service's dynamic config: node slots and the two port tables (clients and servers, publishers
/// and subscribers, notifiers and listeners).
struct PortTables: Sendable, Equatable {
    var nodes: Int
    /// Clients, or publishers.
    var first: Int
    /// Servers, or subscribers (or listeners).
    var second: Int
    /// Bytes after the port tables that only the pattern interprets (an event service's pending-event bits).
    var patternAreaSize = 0
}

/// What one messaging pattern's services fix at creation: written as text into the service segment, read back and
/// compared by every opener.
protocol PatternStaticConfig: Sendable, Equatable {
    /// The pattern this config belongs to.
    static var pattern: MessagingPattern { get }
    /// The service's name.
    var name: String { get }
    /// The attributes the creator defined.
    var attributes: [Attribute] { get }
    /// The sizes of the service's dynamic config.
    var portTables: PortTables { get }
    /// The pattern-specific `key=value` lines (without pattern, name and attributes).
    var settingLines: [String] { get }
    /// Reads a config from the fields of its text; `nil` when they do not make one.
    init?(_ fields: StaticConfigFields)
}

extension PatternStaticConfig {
    /// The whole text: pattern, name, settings, attributes.
    func encoded() -> String {
        StaticConfigFields.encode(pattern: Self.pattern, name: name, lines: settingLines, attributes: attributes)
    }
}

/// Reads the port tables of a service of any pattern from the fields of its static config: what cleanup, discovery
/// and the sweep of handed-over segments need without knowing the pattern.
/// - Returns: `nil` when the fields are no static config of a known pattern.
func portTables(of fields: StaticConfigFields) -> (pattern: MessagingPattern, tables: PortTables)? {
    switch fields.pattern {
    case .requestResponse?: return RequestResponseStaticConfig(fields).map { (.requestResponse, $0.portTables) }
    case .publishSubscribe?: return PublishSubscribeStaticConfig(fields).map { (.publishSubscribe, $0.portTables) }
    case .event?: return EventStaticConfig(fields).map { (.event, $0.portTables) }
    case nil: return nil
    }
}
