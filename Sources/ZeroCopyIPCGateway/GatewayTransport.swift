/// What a gateway needs from the distributed engine between hosts, and nothing more, so that another engine (Zenoh,
/// once installable) can sit beside Cyclone DDS: durable announcements with a liveliness lease, and frames on
/// named channels.
///
/// A transport is used from one thread at a time (the gateway's loop); it need not be thread-safe.
public protocol GatewayTransport: AnyObject {
    /// Publishes `announcement` under `key`, replacing an earlier one with that key. Announcements are durable:
    /// a gateway that joins later still receives every announcement that is not withdrawn.
    func announce(key: String, _ announcement: [UInt8]) throws(GatewayTransportError)

    /// Withdraws the announcement under `key`; the other gateways receive ``GatewayTransportEvent/withdrawn(key:reason:)``.
    func withdraw(key: String) throws(GatewayTransportError)

    /// Sends `frame` to every gateway that receives `channel`.
    func publish(channel: String, _ frame: [UInt8]) throws(GatewayTransportError)

    /// Starts delivering frames of `channel` to ``poll(timeout:_:)``.
    func receive(channel: String)

    /// Stops delivering frames of `channel`.
    func stopReceiving(channel: String)

    /// Hands what arrived to `handle`: announcements, withdrawals (also those of a gateway whose lease was lost)
    /// and frames of the channels received. Waits at most `timeout` when nothing has arrived yet.
    /// - Returns: How many events were handed over.
    @discardableResult
    func poll(timeout: Duration, _ handle: (GatewayTransportEvent) -> Void) -> Int

    /// Calls `handler` (on any thread) whenever something arrives, so that a gateway blocked waiting for its local
    /// ports wakes for the network too. The handler only wakes; ``poll(timeout:_:)`` still hands the events over.
    func setArrivalHandler(_ handler: @escaping @Sendable () -> Void)
}

/// Something that arrived through a ``GatewayTransport``.
public enum GatewayTransportEvent: Sendable, Hashable {
    /// Why an announcement went away.
    public enum WithdrawReason: Sendable, Hashable {
        /// Its gateway withdrew it (the service's real port went, or the gateway stopped cleanly).
        case withdrawn
        /// Its gateway's liveliness lease ran out: the gateway or its host died or became unreachable.
        case livelinessLost
    }

    /// An announcement, new or replaced.
    case announced(key: String, bytes: [UInt8])
    /// The announcement under `key` went away.
    case withdrawn(key: String, reason: WithdrawReason)
    /// A frame on a channel this transport receives.
    case frame(channel: String, bytes: [UInt8])
}

/// Why a transport could not do what it was asked.
public struct GatewayTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed, in words that name the fix.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
