/// The id a notifier sends and a listener receives: a number from 0 to the service's `eventIdMaxValue`.
///
/// Listeners see each pending id once, however often it was notified since they last looked (an id is a flag, not
/// a counter), as in iceoryx2.
public struct EventId: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The id's number.
    public var value: Int

    /// An event id.
    /// - Parameter value: The number, from 0 to the service's `eventIdMaxValue`.
    public init(_ value: Int) { self.value = value }

    public static func < (lhs: EventId, rhs: EventId) -> Bool { lhs.value < rhs.value }

    /// The number.
    public var description: String { "\(value)" }
}
