/// How the gateway uses Eclipse Cyclone DDS: the domain, the partition that keeps gateway groups apart, the
/// network interface, unicast peers (multicast stays off unless asked for) and the liveliness lease after which a
/// dead gateway's mirrors go.
public struct CycloneSettings: Sendable, Hashable {
    /// The DDS domain id.
    public var domain: UInt32 = 0
    /// The DDS partition of every gateway topic (empty: the default partition).
    public var partition: String = ""
    /// The network interface to use, by name or address (`nil`: Cyclone's choice).
    public var interface: String? = nil
    /// The unicast peers to discover, by address.
    public var peers: [String] = []
    /// Whether multicast is allowed (discovery and data); off by default.
    public var multicast = false
    /// The liveliness lease: how long after a gateway stops being heard its announcements count as lost.
    public var lease: Duration = .seconds(3)

    /// Creates settings with the defaults.
    public init() {}

    /// The lease in nanoseconds.
    var leaseNanoseconds: Int64 {
        lease.components.seconds * 1_000_000_000 + lease.components.attoseconds / 1_000_000_000
    }

    /// The Cyclone DDS configuration text for these settings.
    public var configXML: String {
        var general = "<AllowMulticast>\(multicast ? "true" : "false")</AllowMulticast>"
        if let interface {
            let attribute = interface.first?.isNumber == true ? "address" : "name"
            general = "<Interfaces><NetworkInterface \(attribute)=\"\(escape(interface))\"/></Interfaces>" + general
        }
        let peerList = peers.map { "<Peer Address=\"\(escape($0))\"/>" }.joined()
        let milliseconds = max(1, leaseNanoseconds / 1_000_000)
        return "<CycloneDDS><Domain id=\"any\"><General>\(general)</General><Discovery>"
            + "<ParticipantIndex>auto</ParticipantIndex><MaxAutoParticipantIndex>20</MaxAutoParticipantIndex>"
            + (peerList.isEmpty ? "" : "<Peers>\(peerList)</Peers>")
            + "<LeaseDuration>\(milliseconds) ms</LeaseDuration></Discovery></Domain></CycloneDDS>"
    }

    private func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("\"", with: "&quot;").replacing("<", with: "&lt;")
    }
}
