import ZeroCopyIPC

/// What a gateway tells the other hosts about a service that has a real (non-gateway) server or publisher on its
/// host: who offers it, and the service's full static config (pattern, type names, sizes, alignments, variants,
/// fingerprints, field layouts, limits, attributes), plus the wire version and the ABI, so that the gateway on
/// another host can create exactly the same service there or refuse it with the fields that differ.
///
/// The text form is `key=value` lines, a `---` line, then the static config text as the service segment records
/// it; readable in a packet dump, and a line added later cannot shift the others.
public struct Announcement: Sendable, Hashable {
    /// The role of the real port that the origin host offers.
    public enum Role: String, Sendable, Hashable {
        /// A request-response server: the other hosts' gateways mirror it with a proxy server.
        case server
        /// A publish-subscribe publisher: the other hosts' gateways mirror it with a proxy publisher.
        case publisher
    }

    /// The ABI a payload's bytes are meaningful in: byte order, pointer width and architecture. Types are
    /// compared by layout fingerprint, which assumes the same C layout rules on both sides.
    public static let currentABI: String = {
        #if arch(x86_64)
            let arch = "x86_64"
        #elseif arch(arm64)
            let arch = "arm64"
        #else
            let arch = "unknown"
        #endif
        let order = 1.littleEndian == 1 ? "little" : "big"
        return "\(arch)-\(MemoryLayout<Int>.size * 8)bit-\(order)-endian"
    }()

    /// The announcement format's version; a gateway refuses announcements of another.
    public var wireVersion: UInt16
    /// The ABI of the origin host (``currentABI`` there).
    public var abi: String
    /// The origin gateway's id.
    public var gateway: UInt64
    /// The origin host's name, for events.
    public var host: String
    /// The real port the origin offers.
    public var role: Role
    /// The static config text of the service, exactly as the origin's service segment records it.
    public var staticConfigText: String

    /// Creates an announcement.
    public init(
        gateway: UInt64, host: String, role: Role, staticConfigText: String,
        wireVersion: UInt16 = GatewayFrame.wireVersion, abi: String = Announcement.currentABI
    ) {
        self.wireVersion = wireVersion
        self.abi = abi
        self.gateway = gateway
        self.host = host
        self.role = role
        self.staticConfigText = staticConfigText
    }

    /// The service's name, as the static config records it.
    public var serviceName: String { StaticConfigLines(staticConfigText).name }

    /// The messaging pattern the static config names.
    public var pattern: MessagingPattern? { StaticConfigLines(staticConfigText).pattern }

    /// The key under which the announcement is published: one per origin gateway, pattern and service.
    public var key: String { Self.key(gateway: gateway, role: role, service: serviceName) }

    /// The key of the announcement of `service` by `gateway`.
    static func key(gateway: UInt64, role: Role, service: String) -> String {
        "\(String(gateway, radix: 16))/\(role.rawValue)/\(service)"
    }

    /// The request-response static config, when the service is one.
    public var requestResponse: RequestResponseStaticConfig? {
        RequestResponseStaticConfig(staticConfigText: staticConfigText)
    }

    /// The publish-subscribe static config, when the service is one.
    public var publishSubscribe: PublishSubscribeStaticConfig? {
        PublishSubscribeStaticConfig(staticConfigText: staticConfigText)
    }

    static let firstLine = "zcipc-gateway-announcement"
    static let separator = "---"

    /// The announcement's text.
    public var text: String {
        [
            Self.firstLine, "wire-version=\(wireVersion)", "abi=\(abi)", "gateway=\(String(gateway, radix: 16))",
            "host=\(host)", "role=\(role.rawValue)", Self.separator, staticConfigText,
        ].joined(separator: "\n")
    }

    /// Reads an announcement.
    /// - Parameter text: The text, as ``text`` writes it.
    /// - Throws: ``AnnouncementError`` naming what is missing or wrong.
    public init(parsing text: String) throws(AnnouncementError) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first == Self.firstLine else { throw .notAnAnnouncement }
        guard let separator = lines.firstIndex(of: Self.separator) else { throw .missing("the '---' line") }
        var fields: [String: String] = [:]
        for line in lines[1..<separator] {
            guard let equals = line.firstIndex(of: "=") else { throw .malformedLine(line) }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        func field(_ key: String) throws(AnnouncementError) -> String {
            guard let value = fields[key] else { throw .missing(key) }
            return value
        }
        guard let version = UInt16(try field("wire-version")) else { throw .malformedLine("wire-version") }
        guard let gateway = UInt64(try field("gateway"), radix: 16) else { throw .malformedLine("gateway") }
        guard let role = Role(rawValue: try field("role")) else { throw .malformedLine("role=\(fields["role"]!)") }
        let config = lines[(separator + 1)...].joined(separator: "\n")
        self.init(
            gateway: gateway, host: try field("host"), role: role, staticConfigText: config, wireVersion: version,
            abi: try field("abi"))
        switch (role, pattern) {
        case (.server, .requestResponse?) where requestResponse != nil: break
        case (.publisher, .publishSubscribe?) where publishSubscribe != nil: break
        default: throw .staticConfigUnreadable(role: role.rawValue, service: serviceName)
        }
    }
}

/// Why a received announcement cannot be used.
public enum AnnouncementError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text does not start with the announcement line.
    case notAnAnnouncement
    /// A required field is missing.
    case missing(String)
    /// A line is not `key=value` or its value cannot be read.
    case malformedLine(String)
    /// The static config is not one of the pattern the role implies.
    case staticConfigUnreadable(role: String, service: String)

    public var description: String {
        switch self {
        case .notAnAnnouncement: "the text is not a zcipc-gateway announcement"
        case .missing(let field): "the announcement has no \(field); run the same zcipc-gateway version on both hosts"
        case .malformedLine(let line): "the announcement line '\(line)' cannot be read"
        case .staticConfigUnreadable(let role, let service):
            "the announcement of a \(role) of '\(service)' carries no static config of that pattern"
        }
    }
}

/// The `key=value` lines of a static config text, in order, for comparing two of them field by field.
struct StaticConfigLines {
    var entries: [(key: String, value: String)] = []

    init(_ text: String) {
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            entries.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
    }

    var values: [String: String] {
        var result: [String: String] = [:]
        for entry in entries where entry.key != "attribute" { result[entry.key] = entry.value }
        return result
    }

    var attributes: [String] { entries.filter { $0.key == "attribute" }.map(\.value) }
    var name: String { Self.unescape(values["name"] ?? "") }
    var pattern: MessagingPattern? { values["pattern"].flatMap(MessagingPattern.init(rawValue:)) }

    /// Undoes the static config's escapes (`\\`, `\n`, `\e` for `=`), as the runtime writes them.
    static func unescape(_ text: String) -> String { StaticConfigFields.unescape(text) }
}
