/// What a gateway reports as it happens; `zcipc-gateway` prints each as one line.
public enum GatewayEvent: Sendable, Hashable, CustomStringConvertible {
    /// A service with a real server or publisher here is announced to the other hosts.
    case announced(service: String, role: Announcement.Role)
    /// A service of another host is mirrored here (its data path answered the probe).
    case mirrored(service: String, role: Announcement.Role, host: String)
    /// A service of another host is not mirrored here, for the reasons given.
    case refused(service: String, host: String, reasons: [String])
    /// An announcement of this gateway was withdrawn (its real port went, or the gateway stops).
    case withdrawn(service: String, role: Announcement.Role)
    /// A mirror was removed: its origin withdrew it or lost its liveliness lease.
    case mirrorRemoved(service: String, host: String, reason: String)
    /// Something failed that the gateway carries on after (a frame it could not use, a port it could not create).
    case problem(String)

    public var description: String {
        switch self {
        case .announced(let service, let role): "announced \(role.rawValue) '\(service)'"
        case .mirrored(let service, let role, let host): "mirrored \(role.rawValue) '\(service)' of host \(host)"
        case .refused(let service, let host, let reasons):
            "refused '\(service)' of host \(host): \(reasons.joined(separator: "; "))"
        case .withdrawn(let service, let role): "withdrawn \(role.rawValue) '\(service)'"
        case .mirrorRemoved(let service, let host, let reason):
            "withdrawn mirror '\(service)' of host \(host): \(reason)"
        case .problem(let text): "problem: \(text)"
        }
    }
}
