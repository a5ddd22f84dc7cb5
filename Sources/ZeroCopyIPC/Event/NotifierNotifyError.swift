/// Why a notification failed or came too late.
public enum NotifierNotifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The event id is above the service's `eventIdMaxValue`; nothing was sent.
    case eventIdOutOfBounds(service: String, id: Int, eventIdMaxValue: Int)
    /// The notification was delivered (to `reached` listeners), but after the service's deadline: `elapsed`
    /// passed since the previous notification of any notifier, more than `deadline`.
    case missedDeadline(service: String, deadline: Duration, elapsed: Duration, reached: Int)

    /// A sentence naming the problem and the fix.
    public var description: String {
        switch self {
        case .eventIdOutOfBounds(let service, let id, let maximum):
            "event id \(id) is above the largest id \(maximum) of event service '\(service)'; send an id from 0 to "
                + "\(maximum), or create the service with a larger `eventIdMaxValue(_:)`"
        case .missedDeadline(let service, let deadline, let elapsed, let reached):
            "event service '\(service)' requires a notification every \(deadline), but \(elapsed) passed since the "
                + "last one (this one reached \(reached) listeners); notify more often or create the service with a "
                + "longer `deadline(_:)`"
        }
    }
}
